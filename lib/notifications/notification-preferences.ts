// Which topic a notification kind belongs to, and how a reader wants each
// topic delivered. (Issue 13's shared contract: NOTIFY owns this file; this is
// the minimal version the email delivery needs until it is merged.)
import 'server-only';
import { db } from '@/lib/db';
import type { NotificationDelivery, NotificationKind, NotificationTopic, Prisma } from '@/lib/generated/prisma/client';

export function topicOfKind(kind: NotificationKind): NotificationTopic {
  if (kind === 'REPLY' || kind === 'MENTION' || kind === 'FOLLOWED_THREAD') return kind;
  return 'MODERATION';
}

/** Without a preference row: email at once, except followed threads (in the app only). */
const defaults: Record<NotificationTopic, NotificationDelivery> = {
  REPLY: 'EMAIL_NOW',
  MENTION: 'EMAIL_NOW',
  MODERATION: 'EMAIL_NOW',
  FOLLOWED_THREAD: 'IN_APP',
};

export async function deliveryFor(userId: string, topic: NotificationTopic, client: Prisma.TransactionClient = db): Promise<NotificationDelivery> {
  const preference = await client.notificationPreference.findUnique({ where: { userId_topic: { userId, topic } }, select: { delivery: true } });
  return preference?.delivery ?? defaults[topic];
}
