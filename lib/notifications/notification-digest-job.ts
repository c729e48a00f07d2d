// The daily digest. Every hour (pg-boss cron, UTC) one job finds the readers
// whose digest hour it is and who have notifications waiting for the digest,
// and enqueues one job per reader (keyed by reader and hour, so a second
// worker's tick or a retry adds nothing). Each sends one email with what is
// new since their last one, and nothing when nothing is.
import 'server-only';
import { createElement } from 'react';
import { z } from 'zod';
import { NotificationEmail } from '@/components/emails/notification-email';
import { db } from '@/lib/db';
import { emailableAddress } from '@/lib/email/email-recipient';
import { sendEmail } from '@/lib/email/send-email';
import { defineJob } from '@/lib/jobs/define-job';
import { enqueueJob } from '@/lib/jobs/enqueue-job';
import { absoluteUrl, siteName } from '@/lib/site';
import { emailEntries, type PendingNotification } from './notification-email-items';
import { deliveryFor, topicOfKind } from './notification-preferences';
import { unsubscribeUrl } from './unsubscribe-token';

/** Entries in one digest at most; the rest wait for the next day's. */
const DIGEST_LIMIT = 100;

const hourOf = (date: Date) => new Date(Math.floor(date.getTime() / 3_600_000) * 3_600_000);

export const recipientDigestJob = defineJob({
  name: 'notification-digest-recipient',
  data: z.object({ userId: z.uuid(), hour: z.iso.datetime() }),
  handle: ({ userId, hour }) => sendDigest(userId, new Date(hour)).then(() => undefined),
});

export const notificationDigestJob = defineJob({
  name: 'notification-digest',
  data: z.object({}),
  cron: '0 * * * *',
  // A missed hour is not made up for: the next day's digest carries those entries.
  retryLimit: 2,
  handle: async () => {
    await enqueueDueDigests(new Date());
  },
});

/** Enqueues the digest of every reader whose hour `now` is and who may have something waiting. */
export async function enqueueDueDigests(now: Date): Promise<number> {
  const hour = hourOf(now);
  // Candidates only: each reader's job checks exactly what is due (topics, preferences).
  const readers = await db.user.findMany({
    where: {
      digestHourUtc: hour.getUTCHours(),
      deletedAt: null,
      notificationPreferences: { some: { delivery: 'EMAIL_DIGEST' } },
      notifications: { some: { emailedAt: null } },
    },
    select: { id: true },
  });
  for (const { id } of readers) {
    await enqueueJob(db, recipientDigestJob, { userId: id, hour: hour.toISOString() }, { key: `digest:${id}:${hour.toISOString()}` });
  }
  return readers.length;
}

/** Sends `userId`'s digest for `hour` if anything new waits for it; returns how many entries went out. */
export async function sendDigest(userId: string, hour: Date): Promise<number> {
  return db.$transaction(
    async (tx) => {
      // One digest at a time per reader, across workers.
      await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(${`notification-digest:${userId}`}, 0))`;
      const waiting: PendingNotification[] = await tx.notification.findMany({
        where: { recipientId: userId, emailedAt: null, createdAt: { lt: new Date(hour.getTime() + 3_600_000) } },
        select: { id: true, recipientId: true, kind: true, commentId: true, actorId: true, detail: true, createdAt: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: 1000,
      });
      const topics = [...new Set(waiting.map((n) => topicOfKind(n.kind)))];
      const deliveries = new Map(await Promise.all(topics.map(async (topic) => [topic, await deliveryFor(userId, topic, tx)] as const)));
      const entries = (await emailEntries(waiting.filter((n) => deliveries.get(topicOfKind(n.kind)) === 'EMAIL_DIGEST'))).slice(0, DIGEST_LIMIT);
      if (entries.length === 0) return 0;
      const to = await emailableAddress(userId, { client: tx });
      if (!to) return 0;

      const count = entries.length === 1 ? 'one new notification' : `${entries.length} new notifications`;
      const subject = `Your ${siteName} digest: ${count}`;
      await sendEmail({
        key: `digest:${userId}:${hour.toISOString()}`,
        to,
        subject,
        body: createElement(NotificationEmail, {
          heading: `Since your last digest: ${count}`,
          preview: subject,
          items: entries.map((entry) => entry.item),
          reason: 'You get this daily digest because you chose it in your notification settings.',
          unsubscribeUrl: unsubscribeUrl(userId, 'DIGEST'),
          unsubscribeLabel: 'Stop the daily digest',
          preferencesUrl: absoluteUrl('/account'),
        }),
        listUnsubscribeUrl: unsubscribeUrl(userId, 'DIGEST'),
      });
      await tx.notification.updateMany({ where: { id: { in: entries.map((entry) => entry.notification.id) }, emailedAt: null }, data: { emailedAt: new Date() } });
      return entries.length;
    },
    { timeout: 90_000, maxWait: 15_000 },
  );
}
