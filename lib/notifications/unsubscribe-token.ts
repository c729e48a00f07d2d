// The one-click unsubscribe link's token: who and which topic, signed with
// NEXTAUTH_SECRET (HMAC-SHA256), so the link works without signing in and
// nobody can make one for another reader. It does not expire: an old email's
// link should still stop the emails (RFC 8058 asks for a link that keeps working).
import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { env } from '@/lib/env';
import type { NotificationTopic } from '@/lib/generated/prisma/client';
import { absoluteUrl } from '@/lib/site';

/**
 * A topic; DIGEST: every topic the reader gets in the daily digest; ALL: every
 * topic, the link of the account emails (verification, password reset, email
 * change), which notify nothing of their own.
 */
export type UnsubscribeTopic = NotificationTopic | 'DIGEST' | 'ALL';

const topics = ['REPLY', 'MENTION', 'FOLLOWED_THREAD', 'MODERATION', 'DIGEST', 'ALL'] as const satisfies readonly UnsubscribeTopic[];

function mac(userId: string, topic: UnsubscribeTopic): string {
  return createHmac('sha256', env.NEXTAUTH_SECRET).update(`parley-unsubscribe\0${userId}\0${topic}`).digest('base64url');
}

export function unsubscribeToken(userId: string, topic: UnsubscribeTopic): string {
  return `${userId}.${topic}.${mac(userId, topic)}`;
}

/** The reader and topic a token names, or null when it was not made by us. */
export function readUnsubscribeToken(token: string): { userId: string; topic: UnsubscribeTopic } | null {
  const [userId, topic, signature, ...rest] = token.split('.');
  if (!userId || !topic || !signature || rest.length > 0) return null;
  if (!(topics as readonly string[]).includes(topic) || !/^[0-9a-f-]{36}$/i.test(userId)) return null;
  const expected = Buffer.from(mac(userId, topic as UnsubscribeTopic));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { userId, topic: topic as UnsubscribeTopic };
}

/** The link in the footer and in List-Unsubscribe (one route answers the GET page and the one-click POST). */
export function unsubscribeUrl(userId: string, topic: UnsubscribeTopic): string {
  return absoluteUrl(`/unsubscribe?token=${encodeURIComponent(unsubscribeToken(userId, topic))}`);
}
