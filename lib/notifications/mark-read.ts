import 'server-only';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { db } from '@/lib/db';
import { DomainError, parseInput } from '@/lib/errors';
import { NOTIFICATION_CHANNEL } from './notification-events';
import { notificationIdSchema } from './schema';

/**
 * Marks one of the reader's own notifications read. Someone else's is NOT_FOUND,
 * exactly like one that does not exist: the answer does not confirm it exists.
 * The reader's bells (every tab, every instance) hear the new count on commit.
 */
export async function markNotificationReadAs(actor: CurrentUser | null, rawInput: { notificationId: string }): Promise<void> {
  const reader = authorize(actor, 'read-own-account');
  const { notificationId } = parseInput(notificationIdSchema, rawInput);
  await db.$transaction(async (tx) => {
    const owned = await tx.notification.findFirst({ where: { id: notificationId, recipientId: reader.id }, select: { readAt: true } });
    if (!owned) throw new DomainError('NOT_FOUND', 'That notification no longer exists.');
    if (owned.readAt) return;
    await tx.notification.update({ where: { id: notificationId }, data: { readAt: new Date() } });
    await tx.$executeRaw`SELECT pg_notify(${NOTIFICATION_CHANNEL}, ${reader.id})`;
  });
}

/** Marks every unread notification of the reader read; returns how many. */
export async function markAllNotificationsReadAs(actor: CurrentUser | null): Promise<number> {
  const reader = authorize(actor, 'read-own-account');
  return db.$transaction(async (tx) => {
    const { count } = await tx.notification.updateMany({ where: { recipientId: reader.id, readAt: null }, data: { readAt: new Date() } });
    if (count > 0) await tx.$executeRaw`SELECT pg_notify(${NOTIFICATION_CHANNEL}, ${reader.id})`;
    return count;
  });
}

export const markNotificationRead = withCurrentUser(markNotificationReadAs);
export const markAllNotificationsRead = withCurrentUser(markAllNotificationsReadAs);
