import 'server-only';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { db } from '@/lib/db';
import { parseInput } from '@/lib/errors';
import { Prisma, type NotificationDelivery, type NotificationKind, type NotificationTopic, type PrismaClient } from '@/lib/generated/prisma/client';
import { notificationTopics, notificationPreferencesSchema, type NotificationPreferencesInput } from './schema';

/** The preference group each kind of notification belongs to (the four moderation outcomes share one). */
export function topicOfKind(kind: NotificationKind): NotificationTopic {
  switch (kind) {
    case 'REPLY':
    case 'MENTION':
    case 'FOLLOWED_THREAD':
      return kind;
    default:
      return 'MODERATION';
  }
}

/**
 * What a reader gets before they choose (no NotificationPreference row): replies,
 * mentions and moderation outcomes by email at once, a followed thread's new
 * comments in the app only (and following itself is off until they click "Follow").
 */
export const defaultDelivery: Record<NotificationTopic, NotificationDelivery> = {
  REPLY: 'EMAIL_NOW',
  MENTION: 'EMAIL_NOW',
  FOLLOWED_THREAD: 'IN_APP',
  MODERATION: 'EMAIL_NOW',
};

type Db = Prisma.TransactionClient | PrismaClient;

/** How the user wants this topic delivered: their choice, or the default. */
export async function deliveryFor(userId: string, topic: NotificationTopic, client: Db = db): Promise<NotificationDelivery> {
  const row = await client.notificationPreference.findUnique({ where: { userId_topic: { userId, topic } }, select: { delivery: true } });
  return row?.delivery ?? defaultDelivery[topic];
}

/**
 * SQL for "the delivery of <topic> for <user>" in the statements that create
 * notifications, from the same table and defaults as deliveryFor: a LEFT JOIN
 * of NotificationPreference aliased `np` and this expression.
 */
export function deliverySql(topic: Prisma.Sql): Prisma.Sql {
  const cases = notificationTopics.map((t) => Prisma.sql`WHEN ${t} THEN ${defaultDelivery[t]}`);
  return Prisma.sql`COALESCE(np.delivery, (CASE ${topic}::text ${Prisma.join(cases, ' ')} END)::"NotificationDelivery")`;
}

export type NotificationSettings = { deliveries: Record<NotificationTopic, NotificationDelivery>; digestHourUtc: number };

/** The account page's form: every topic's delivery (defaults filled in) and the digest hour. */
export async function getNotificationSettingsAs(actor: CurrentUser | null): Promise<NotificationSettings> {
  const user = authorize(actor, 'read-own-account');
  const [rows, { digestHourUtc }] = await Promise.all([
    db.notificationPreference.findMany({ where: { userId: user.id }, select: { topic: true, delivery: true } }),
    db.user.findUniqueOrThrow({ where: { id: user.id }, select: { digestHourUtc: true } }),
  ]);
  const deliveries = { ...defaultDelivery };
  for (const row of rows) deliveries[row.topic] = row.delivery;
  return { deliveries, digestHourUtc };
}

/** Saves every topic's delivery and the digest hour at once (the form sends them all). */
export async function saveNotificationSettingsAs(actor: CurrentUser | null, rawInput: NotificationPreferencesInput): Promise<void> {
  const user = authorize(actor, 'read-own-account');
  const input = parseInput(notificationPreferencesSchema, rawInput);
  await db.$transaction([
    ...notificationTopics.map((topic) =>
      db.notificationPreference.upsert({
        where: { userId_topic: { userId: user.id, topic } },
        create: { userId: user.id, topic, delivery: input[topic] },
        update: { delivery: input[topic] },
      }),
    ),
    db.user.update({ where: { id: user.id }, data: { digestHourUtc: input.digestHourUtc } }),
  ]);
}

export const getNotificationSettings = withCurrentUser(getNotificationSettingsAs);
export const saveNotificationSettings = withCurrentUser(saveNotificationSettingsAs);
