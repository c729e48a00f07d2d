import 'server-only';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { z } from 'zod';
import { parseInput } from '@/lib/errors';
import { queueCursorSchema, queueQuerySchema, type QueueCursor, type QueueName, type QueueQuery } from './schema';

const PAGE_SIZE = 25;

const queueWhere: Record<Exclude<QueueName, 'reported'>, Prisma.CommentWhereInput> = {
  pending: { status: 'PENDING', deletedAt: null },
  recent: { status: 'PUBLISHED', deletedAt: null },
  rejected: { status: 'REJECTED' },
};

// An id as well as a name or email: the audit log links to a person's comments
// by id, since names repeat and the console does not show emails.
const authorFilter = (author: string): Prisma.CommentWhereInput =>
  z.guid().safeParse(author).success
    ? { authorId: author.toLowerCase() }
    : { author: { OR: [{ email: author.toLowerCase() }, { name: { contains: author, mode: 'insensitive' } }] } };

function filters(query: Pick<QueueQuery, 'article' | 'author' | 'q'>): Prisma.CommentWhereInput {
  return {
    ...(query.article && { articleId: query.article }),
    ...(query.author && authorFilter(query.author)),
    ...(query.q && { body: { contains: query.q, mode: 'insensitive' } }),
  };
}

const itemSelect = {
  id: true,
  body: true,
  bodyHtml: true,
  status: true,
  createdAt: true,
  editedAt: true,
  deletedAt: true,
  featuredAt: true,
  rejectionReason: true,
  rejectionNote: true,
  insightfulCount: true,
  article: { select: { id: true, slug: true, title: true } },
  replyTo: { select: { id: true, body: true, author: { select: { name: true } } } },
  author: {
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      createdAt: true,
      suspendedUntil: true,
      bannedAt: true,
      statusReason: true,
      moderationMode: true,
    },
  },
  reports: { where: { resolvedAt: null }, select: { reason: true, note: true, createdAt: true }, orderBy: { createdAt: 'asc' } },
  revisions: { select: { body: true, createdAt: true }, orderBy: { createdAt: 'asc' } },
  appeal: { select: { id: true, message: true, status: true, createdAt: true } },
} satisfies Prisma.CommentSelect;

export type QueueItem = Prisma.CommentGetPayload<{ select: typeof itemSelect }> & { authorComments: number; authorRejections: number };

const encode = (cursor: QueueCursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
function decode(raw: string | undefined): QueueCursor | null {
  if (!raw) return null;
  try {
    const cursor = queueCursorSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    return cursor.success ? cursor.data : null;
  } catch {
    return null;
  }
}

/**
 * A moderation queue, newest first (pending: oldest first, so nothing waits
 * forever; reported: most reported first), with keyset pagination and
 * filters by article, author and text.
 */
export async function listQueueAs(actor: CurrentUser | null, input: z.input<typeof queueQuerySchema>) {
  authorize(actor, 'moderate');
  const query = parseInput(queueQuerySchema, input);
  const cursor = decode(query.cursor);
  let ids: string[];
  if (query.queue === 'reported') {
    ids = await reportedIds(query, cursor);
  } else {
    const ascending = query.queue === 'pending';
    const after: Prisma.CommentWhereInput = cursor
      ? ascending
        ? { OR: [{ createdAt: { gt: new Date(cursor.createdAt) } }, { createdAt: new Date(cursor.createdAt), id: { gt: cursor.id } }] }
        : { OR: [{ createdAt: { lt: new Date(cursor.createdAt) } }, { createdAt: new Date(cursor.createdAt), id: { lt: cursor.id } }] }
      : {};
    const rows = await db.comment.findMany({
      where: { AND: [queueWhere[query.queue], filters(query), after] },
      orderBy: ascending ? [{ createdAt: 'asc' }, { id: 'asc' }] : [{ createdAt: 'desc' }, { id: 'desc' }],
      take: PAGE_SIZE + 1,
      select: { id: true },
    });
    ids = rows.map((row) => row.id);
  }
  const pageIds = ids.slice(0, PAGE_SIZE);
  const rows = await db.comment.findMany({ where: { id: { in: pageIds } }, select: itemSelect });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const authorIds = [...new Set(rows.map((row) => row.author.id))];
  // The page's authors' histories in one grouped query (a relation _count
  // here made Prisma aggregate every comment in the table: bench section 4).
  const history = await db.comment.groupBy({ by: ['authorId', 'status'], where: { authorId: { in: authorIds } }, _count: { _all: true } });
  const countOf = (authorId: string, rejectedOnly: boolean) =>
    history.filter((row) => row.authorId === authorId && (!rejectedOnly || row.status === 'REJECTED')).reduce((sum, row) => sum + row._count._all, 0);
  const items: QueueItem[] = pageIds.flatMap((id) => {
    const row = byId.get(id);
    return row ? [{ ...row, authorComments: countOf(row.author.id, false), authorRejections: countOf(row.author.id, true) }] : [];
  });
  const last = items.at(-1);
  const nextCursor = ids.length > PAGE_SIZE && last ? encode({ key: last.reports.length, createdAt: last.createdAt.toISOString(), id: last.id }) : null;
  return { items, nextCursor };
}

async function reportedIds(query: QueueQuery, cursor: QueueCursor | null): Promise<string[]> {
  const scoped = await db.comment.findMany({ where: { AND: [{ reports: { some: { resolvedAt: null } } }, filters(query)] }, select: { id: true } });
  if (scoped.length === 0) return [];
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT r."commentId" AS id, count(*)::int AS open, max(r."createdAt") AS latest
    FROM "CommentReport" r
    WHERE r."resolvedAt" IS NULL AND r."commentId" = ANY(${scoped.map((row) => row.id)}::uuid[])
    GROUP BY r."commentId"
    HAVING ${cursor === null} OR (count(*), r."commentId") < (${cursor?.key ?? 0}, ${cursor?.id ?? '00000000-0000-0000-0000-000000000000'}::uuid)
    ORDER BY open DESC, r."commentId" DESC
    LIMIT ${PAGE_SIZE + 1}`;
  return rows.map((row) => row.id);
}

/** How many items wait in each queue (for the tabs). */
export async function queueCountsAs(actor: CurrentUser | null) {
  authorize(actor, 'moderate');
  // Pending and rejected are small and indexed by status; the published count
  // is the sum of the articles' own counters, not a scan of every comment.
  // Counted with each queue's own condition, so a tab's number matches its list.
  const [pending, rejected, published, reported, appeals] = await Promise.all([
    db.comment.count({ where: queueWhere.pending }),
    db.comment.count({ where: queueWhere.rejected }),
    db.article.aggregate({ _sum: { commentCount: true } }),
    db.commentReport.findMany({ where: { resolvedAt: null }, distinct: ['commentId'], select: { commentId: true } }),
    db.appeal.count({ where: { status: 'OPEN' } }),
  ]);
  return { pending, reported: reported.length, recent: published._sum.commentCount ?? 0, rejected, appeals };
}

export const listQueue = withCurrentUser(listQueueAs);
export const queueCounts = withCurrentUser(queueCountsAs);
