// Emails notifications. NOTIFY enqueues this job with each Notification row (same
// transaction, key `notification:<id>`) when the reader's delivery for its topic
// is EMAIL_NOW.
//
// Storm control (issue 13): at most one immediate email per recipient per
// thread (article) per 10 minutes. Within the window the job is put off to the
// window's end (one job per recipient, thread and window, whatever the number
// of replies), and then sends everything not yet emailed for that recipient
// and thread in one email.
import 'server-only';
import { createElement } from 'react';
import { z } from 'zod';
import { NotificationEmail } from '@/components/emails/notification-email';
import { db } from '@/lib/db';
import { emailableAddress } from '@/lib/email/email-recipient';
import { messageIdFor, messageIdHost, sendEmail } from '@/lib/email/send-email';
import type { NotificationTopic, Prisma } from '@/lib/generated/prisma/client';
import { defineJob } from '@/lib/jobs/define-job';
import { enqueueJob } from '@/lib/jobs/enqueue-job';
import { absoluteUrl } from '@/lib/site';
import { emailEntries, type PendingNotification } from './notification-email-items';
import { deliveryFor, topicOfKind } from './notification-preferences';
import { unsubscribeUrl } from './unsubscribe-token';

/** At most one immediate email per recipient and thread in this window. */
export const EMAIL_WINDOW_MS = 10 * 60 * 1000;

/** Retries of an email job: 10 s doubling (with jitter) ten times spans about 3 to 6 hours. */
export const EMAIL_RETRY_LIMIT = 10;

export const notificationEmailJob = defineJob({
  name: 'notification-email',
  data: z.object({ notificationId: z.uuid() }),
  // Through an SMTP outage of a few hours (about 3 to 6 with the backoff); then it waits at /admin/jobs.
  retryLimit: EMAIL_RETRY_LIMIT,
  handle: ({ notificationId }) => deliverNotificationEmail(notificationId),
});

const pendingColumns = { id: true, recipientId: true, kind: true, commentId: true, actorId: true, detail: true, createdAt: true, emailedAt: true } as const;

/** A thread's emails share a made-up root Message-ID, so mail clients group them. */
export function threadMessageId(articleId: string): string {
  return `<thread-${articleId}@${messageIdHost()}>`;
}

export const topicReason: Record<NotificationTopic, { reason: string; unsubscribe: string }> = {
  REPLY: { reason: 'You get this email when someone replies to your comments.', unsubscribe: 'Stop emails about replies' },
  MENTION: { reason: 'You get this email when someone mentions you.', unsubscribe: 'Stop emails about mentions' },
  FOLLOWED_THREAD: { reason: 'You get this email for threads you follow.', unsubscribe: 'Stop emails about followed threads' },
  MODERATION: { reason: 'You get this email when moderators act on your comments or account.', unsubscribe: 'Stop emails about moderation' },
};

async function lockThread(tx: Prisma.TransactionClient, recipientId: string, thread: string) {
  // One delivery at a time per recipient and thread, across every worker: two
  // replies handled at once must not both see "nothing emailed yet".
  await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(${`notification-email:${recipientId}:${thread}`}, 0))`;
}

export async function deliverNotificationEmail(notificationId: string): Promise<void> {
  const notification = await db.notification.findUnique({ where: { id: notificationId }, select: pendingColumns });
  if (!notification || notification.emailedAt) return;
  const articleId = notification.commentId
    ? ((await db.comment.findUnique({ where: { id: notification.commentId }, select: { articleId: true } }))?.articleId ?? null)
    : null;

  await db.$transaction(
    async (tx) => {
      await lockThread(tx, notification.recipientId, articleId ?? notification.id);
      const fresh = await tx.notification.findUnique({ where: { id: notificationId }, select: { emailedAt: true } });
      if (!fresh || fresh.emailedAt) return;
      const now = new Date();

      let pending: PendingNotification[] = [notification];
      if (articleId) {
        const [last] = await tx.$queryRaw<{ emailedAt: Date | null }[]>`
          SELECT max(n."emailedAt") AS "emailedAt" FROM "Notification" n JOIN "Comment" c ON c.id = n."commentId"
          WHERE n."recipientId" = ${notification.recipientId}::uuid AND c."articleId" = ${articleId}::uuid`;
        if (last?.emailedAt && now.getTime() - last.emailedAt.getTime() < EMAIL_WINDOW_MS) {
          const windowEnd = new Date(last.emailedAt.getTime() + EMAIL_WINDOW_MS + 1000);
          await enqueueJob(
            tx,
            notificationEmailJob,
            { notificationId },
            {
              key: `notification-window:${notification.recipientId}:${articleId}:${windowEnd.toISOString()}`,
              startAfter: windowEnd,
            },
          );
          return;
        }
        pending = await tx.$queryRaw<PendingNotification[]>`
          SELECT n.id, n."recipientId", n.kind, n."commentId", n."actorId", n.detail, n."createdAt"
          FROM "Notification" n JOIN "Comment" c ON c.id = n."commentId"
          WHERE n."recipientId" = ${notification.recipientId}::uuid AND c."articleId" = ${articleId}::uuid
            AND n."emailedAt" IS NULL AND n."createdAt" <= ${now}
          ORDER BY n."createdAt", n.id`;
      }

      // Only entries whose topic the reader still wants at once (they may have changed it since).
      const topics = [...new Set(pending.map((n) => topicOfKind(n.kind)))];
      const deliveries = new Map(await Promise.all(topics.map(async (topic) => [topic, await deliveryFor(notification.recipientId, topic, tx)] as const)));
      const entries = await emailEntries(pending.filter((n) => deliveries.get(topicOfKind(n.kind)) === 'EMAIL_NOW'));
      if (entries.length === 0) return;

      const to = await emailableAddress(notification.recipientId, { client: tx, evenIfBanned: entries.some((entry) => entry.notification.kind === 'BAN') });
      if (!to) return;

      const topic = topicOfKind((entries.find((entry) => entry.notification.id === notificationId) ?? entries[0]!).notification.kind);
      const title = entries[0]!.articleTitle;
      const subject = entries.length === 1 ? entries[0]!.summary : `${entries.length} new notifications${title ? ` on “${title}”` : ''}`;
      const key = `notification-email:${notificationId}`;
      await sendEmail({
        key,
        to,
        subject,
        body: createElement(NotificationEmail, {
          heading: subject,
          preview: entries[0]!.item.excerpt ?? subject,
          items: entries.map((entry) => entry.item),
          reason: topicReason[topic].reason,
          unsubscribeUrl: unsubscribeUrl(notification.recipientId, topic),
          unsubscribeLabel: topicReason[topic].unsubscribe,
          preferencesUrl: absoluteUrl('/account'),
        }),
        listUnsubscribeUrl: unsubscribeUrl(notification.recipientId, topic),
        messageId: messageIdFor(key),
        ...(articleId && { inReplyTo: threadMessageId(articleId), references: [threadMessageId(articleId)] }),
      });
      // Also when sendEmail found the key already sent (a worker died after
      // sending): those entries went out then.
      await tx.notification.updateMany({ where: { id: { in: entries.map((entry) => entry.notification.id) }, emailedAt: null }, data: { emailedAt: now } });
    },
    { timeout: 90_000, maxWait: 15_000 },
  );
}
