import type { Prisma } from '@/lib/generated/prisma/client';
import type { ThreadSort } from './schema';

// Keyset pagination: the cursor holds the sort key of the last comment shown,
// and the next page starts strictly after it. No OFFSET, so page 500 costs what
// page 1 costs, and comments arriving meanwhile never shift or repeat entries.

export type Position = { insightful: number; createdAt: Date; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** 9999-12-31T23:59:59.999Z: no comment is dated later. */
const MAX_CURSOR_TIME = 253_402_300_799_999;

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.insightful, position.createdAt.toISOString(), position.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Position | null {
  if (!cursor) return null;
  try {
    const [insightful, createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown, unknown];
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

/** "Best" ranks by Insightful reactions, most first; ties go to the newer comment, then the id. */
export function orderFor(sort: ThreadSort): Prisma.CommentOrderByWithRelationInput[] {
  if (sort === 'oldest') return [{ createdAt: 'asc' }, { id: 'asc' }];
  if (sort === 'newest' || sort === 'featured') return [{ createdAt: 'desc' }, { id: 'desc' }];
  return [{ insightfulCount: 'desc' }, { createdAt: 'desc' }, { id: 'desc' }];
}

export function afterCursor(sort: ThreadSort, position: Position | null): Prisma.CommentWhereInput {
  if (!position) return {};
  const { insightful, createdAt, id } = position;
  if (sort === 'oldest') {
    return { OR: [{ createdAt: { gt: createdAt } }, { createdAt, id: { gt: id } }] };
  }
  if (sort === 'newest' || sort === 'featured') {
    return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
  }
  return {
    OR: [
      { insightfulCount: { lt: insightful } },
      { insightfulCount: insightful, createdAt: { lt: createdAt } },
      { insightfulCount: insightful, createdAt, id: { lt: id } },
    ],
  };
}
