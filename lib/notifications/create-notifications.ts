import 'server-only';
import { Prisma, type NotificationDelivery, type NotificationKind } from '@/lib/generated/prisma/client';
import { enqueueNotificationEmail } from './enqueue-notification-email';
import { mentionedNames } from './mentions';
import { deliverySql, topicOfKind } from './notification-preferences';
import { NOTIFICATION_CHANNEL } from './notification-events';

type Candidate = { kind: NotificationKind; rank: number; recipients: Prisma.Sql };

/**
 * Writes the notifications for a set of candidate recipients in ONE statement,
 * inside the caller's transaction: each recipient gets at most one entry (the
 * candidate with the lowest rank whose topic they have not turned off; a reply
 * that also mentions them is one REPLY), never the actor, never a deleted
 * account; the same cause twice (unique recipient + comment + kind) is one
 * entry. The same statement NOTIFYs each recipient's bell on commit. Entries
 * whose delivery is EMAIL_NOW get their email job in the same transaction.
 */
async function insertNotifications(
  tx: Prisma.TransactionClient,
  candidates: Candidate[],
  cause: { excludedId: string | null; commentId: string | null; actorId: string | null; detail: string | null },
): Promise<number> {
  if (candidates.length === 0) return 0;
  const union = Prisma.join(
    candidates.map(
      (c) =>
        Prisma.sql`SELECT r.id AS recipient, ${c.kind}::"NotificationKind" AS kind, ${topicOfKind(c.kind)}::"NotificationTopic" AS topic, ${c.rank}::int AS rank FROM (${c.recipients}) r(id)`,
    ),
    ' UNION ALL ',
  );
  const delivery = deliverySql(Prisma.sql`cand.topic`);
  const rows = await tx.$queryRaw<{ id: string; delivery: NotificationDelivery; notified: string }[]>`
    WITH cand AS (${union}),
    chosen AS (
      SELECT DISTINCT ON (cand.recipient) cand.recipient, cand.kind, ${delivery} AS delivery
      FROM cand
      JOIN "User" u ON u.id = cand.recipient AND u."deletedAt" IS NULL
      LEFT JOIN "NotificationPreference" np ON np."userId" = cand.recipient AND np.topic = cand.topic
      WHERE cand.recipient IS DISTINCT FROM ${cause.excludedId}::uuid AND ${delivery} <> 'OFF'
      ORDER BY cand.recipient, cand.rank
    ),
    inserted AS (
      INSERT INTO "Notification" (id, "recipientId", kind, "commentId", "actorId", detail)
      SELECT gen_random_uuid(), chosen.recipient, chosen.kind, ${cause.commentId}::uuid, ${cause.actorId}::uuid, ${cause.detail}::text FROM chosen
      ON CONFLICT ("recipientId", "commentId", kind) DO NOTHING
      RETURNING id, "recipientId"
    )
    SELECT inserted.id, chosen.delivery, pg_notify(${NOTIFICATION_CHANNEL}, inserted."recipientId"::text)::text AS notified
    FROM inserted JOIN chosen ON chosen.recipient = inserted."recipientId"`;
  for (const row of rows) if (row.delivery === 'EMAIL_NOW') await enqueueNotificationEmail(tx, row.id);
  return rows.length;
}

/**
 * A comment became visible to the public (posted published, or approved):
 * its parent's author (REPLY), the people it mentions who have a published
 * comment in the thread (MENTION) and, for a top-level comment, the thread's
 * followers (FOLLOWED_THREAD). Call it in the transaction that publishes it.
 */
export async function notifyCommentPublished(
  tx: Prisma.TransactionClient,
  comment: { id: string; articleId: string; authorId: string; replyToId: string | null; body: string },
): Promise<number> {
  const candidates: Candidate[] = [];
  if (comment.replyToId) {
    candidates.push({ kind: 'REPLY', rank: 1, recipients: Prisma.sql`SELECT p."authorId" FROM "Comment" p WHERE p.id = ${comment.replyToId}::uuid` });
  }
  const names = mentionedNames(comment.body);
  if (names.length > 0) {
    candidates.push({
      kind: 'MENTION',
      rank: 2,
      recipients: Prisma.sql`SELECT u.id FROM "User" u WHERE lower(u.name) = ANY(${names}::text[]) AND EXISTS (
        SELECT 1 FROM "Comment" c WHERE c."authorId" = u.id AND c."articleId" = ${comment.articleId}::uuid AND c.status = 'PUBLISHED' AND c."deletedAt" IS NULL)`,
    });
  }
  if (!comment.replyToId) {
    candidates.push({
      kind: 'FOLLOWED_THREAD',
      rank: 3,
      recipients: Prisma.sql`SELECT f."userId" FROM "ThreadFollow" f WHERE f."articleId" = ${comment.articleId}::uuid`,
    });
  }
  return insertNotifications(tx, candidates, { excludedId: comment.authorId, commentId: comment.id, actorId: comment.authorId, detail: null });
}

export type ModerationOutcome = {
  kind: Exclude<NotificationKind, 'REPLY' | 'MENTION' | 'FOLLOWED_THREAD'>;
  recipientId: string;
  /** The moderator: never told about their own action (a moderator approving their own held comment). */
  moderatorId: string;
  commentId?: string | null;
  /** The reason, the suspension's end, the decision, in words the reader sees. */
  detail?: string | null;
};

/** A moderation outcome about the recipient, in the moderator's transaction. The moderator is not named. */
export async function notifyModerationOutcome(tx: Prisma.TransactionClient, outcome: ModerationOutcome): Promise<number> {
  return insertNotifications(tx, [{ kind: outcome.kind, rank: 1, recipients: Prisma.sql`SELECT ${outcome.recipientId}::uuid` }], {
    excludedId: outcome.moderatorId,
    commentId: outcome.commentId ?? null,
    actorId: null,
    detail: outcome.detail ?? null,
  });
}
