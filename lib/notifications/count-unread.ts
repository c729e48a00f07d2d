import 'server-only';
import { db } from '@/lib/db';

/** The bell shows "99+" beyond this: counting further would only cost. */
export const UNREAD_SHOWN_MAX = 99;

/** Unread notifications of this user, counted up to UNREAD_SHOWN_MAX + 1 (index recipientId, readAt). */
export async function countUnreadNotifications(userId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM (
      SELECT 1 FROM "Notification" WHERE "recipientId" = ${userId}::uuid AND "readAt" IS NULL LIMIT ${UNREAD_SHOWN_MAX + 1}
    ) unread`;
  return row?.count ?? 0;
}
