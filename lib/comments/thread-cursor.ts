import { createHmac, timingSafeEqual } from 'node:crypto';
import { env } from '@/lib/env';
import type { Prisma } from '@/lib/generated/prisma/client';

// Keyset pagination: the cursor holds the sort key of the last comment shown,
// and the next page starts strictly after it. No OFFSET, so page 500 costs what
// page 1 costs, and comments arriving meanwhile never shift or repeat entries.

export type Position = { insightful: number; createdAt: Date; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** 9999-12-31T23:59:59.999Z: no comment is dated later. */
const MAX_CURSOR_TIME = 253_402_300_799_999;

// Cursors are signed: only positions this server handed out are accepted.
// Any other value means the first page, so the number of distinct pages
// (and of cache entries for them) is bounded by the comments that exist, not
// by what a client can make up (issue 12, cache flooding).
const signatureOf = (payload: string) => createHmac('sha256', env.NEXTAUTH_SECRET).update(`parley-cursor:${payload}`).digest().subarray(0, 12);

export function encodeCursor(position: Position): string {
  const payload = Buffer.from(JSON.stringify([position.insightful, position.createdAt.toISOString(), position.id])).toString('base64url');
  return `${payload}.${signatureOf(payload).toString('base64url')}`;
}

export function decodeCursor(cursor: string | undefined): Position | null {
  if (!cursor) return null;
  const [payload, signature, extra] = cursor.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const given = Buffer.from(signature, 'base64url');
  const expected = signatureOf(payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const [insightful, createdAt, id] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [unknown, unknown, unknown];
    const date = new Date(String(createdAt));
    // The cursor comes back from the reader's URL: anything the database would
    // reject (a non-integer or 32-bit-overflowing count, a malformed UUID, a
    // date outside PostgreSQL's range) must mean "first page", not a 500.
    const validCount = typeof insightful === 'number' && Number.isInteger(insightful) && Math.abs(insightful) <= 2_147_483_647;
    const time = date.getTime();
    const validDate = !Number.isNaN(time) && time >= 0 && time <= MAX_CURSOR_TIME;
    if (!validCount || !validDate || typeof id !== 'string' || !UUID.test(id)) return null;
    return { insightful, createdAt: date, id };
  } catch {
    return null;
  }
}

/**
 * Replies of one thread after a position, oldest first (a thread holds a few
 * hundred at most). Top-level pages use a row comparison in SQL instead
 * (list-thread.ts), which the index can start from.
 */
export function repliesAfter(position: Position | null): Prisma.CommentWhereInput {
  if (!position) return {};
  const { createdAt, id } = position;
  return { OR: [{ createdAt: { gt: createdAt } }, { createdAt, id: { gt: id } }] };
}
