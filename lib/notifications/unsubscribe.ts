// One-click unsubscribe (RFC 8058): the signed token in an email's footer link
// and List-Unsubscribe header turns that topic's email off (in the app only),
// without signing in; an account email's token (ALL) turns off every topic's. Authorization is the token itself (unsubscribe-token.ts).
import 'server-only';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import type { NotificationTopic } from '@/lib/generated/prisma/client';
import { notificationTopics } from './schema';
import { readUnsubscribeToken, type UnsubscribeTopic } from './unsubscribe-token';

export const topicWords: Record<UnsubscribeTopic, string> = {
  REPLY: 'replies to your comments',
  MENTION: 'mentions of you',
  FOLLOWED_THREAD: 'threads you follow',
  MODERATION: 'moderation of your comments and account',
  DIGEST: 'everything in your daily digest',
  ALL: 'any notification (replies, mentions, threads you follow, moderation)',
};

function readOrRefuse(token: string) {
  const read = readUnsubscribeToken(token);
  if (!read)
    throw new DomainError(
      'INVALID_INPUT',
      'This unsubscribe link is not valid: it may have been cut short or changed. Copy the whole link from the email, or change your email settings on your account page.',
    );
  return read;
}

/** What a token would unsubscribe from, without changing anything (the confirmation page). */
export function describeUnsubscribe(token: string): { topic: UnsubscribeTopic } {
  return { topic: readOrRefuse(token).topic };
}

/** Turns the token's topic to in-app only; doing it twice changes nothing. */
export async function unsubscribe(token: string): Promise<{ topic: UnsubscribeTopic; topics: NotificationTopic[] }> {
  const { userId, topic } = readOrRefuse(token);
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, deletedAt: true } });
  // A deleted account gets no email anyway; answer as if done.
  if (!user || user.deletedAt) return { topic, topics: [] };
  const topics: NotificationTopic[] =
    topic === 'ALL'
      ? [...notificationTopics]
      : topic === 'DIGEST'
        ? (await db.notificationPreference.findMany({ where: { userId, delivery: 'EMAIL_DIGEST' }, select: { topic: true } })).map((row) => row.topic)
        : [topic];
  await db.$transaction([
    // OFF stays off: unsubscribing never turns anything on.
    db.notificationPreference.updateMany({ where: { userId, topic: { in: topics }, delivery: { not: 'OFF' } }, data: { delivery: 'IN_APP' } }),
    db.notificationPreference.createMany({ data: topics.map((each) => ({ userId, topic: each, delivery: 'IN_APP' as const })), skipDuplicates: true }),
  ]);
  return { topic, topics };
}
