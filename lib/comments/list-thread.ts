import 'server-only';
import { db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { commentViewSelect, toCommentView, type CommentRow, type CommentView, type Viewer } from './comment-view';
import type { ThreadSort } from './schema';
import { decodeCursor, encodeCursor, type Position, repliesAfter } from './thread-cursor';

export const THREAD_PAGE_SIZE = 20;
export const REPLIES_SHOWN = 3;
const REPLIES_PAGE_SIZE = 100;

export type ThreadItem = { comment: CommentView; replies: CommentView[]; moreReplies: number };
export type ThreadPage = { items: ThreadItem[]; nextCursor: string | null };

const canModerate = (viewer: Viewer) => viewer?.role === 'MODERATOR' || viewer?.role === 'ADMIN';

/** Published comments for everyone; held and removed ones for their author; held ones for moderators. */
export function visibleTo(viewer: Viewer): Prisma.CommentWhereInput {
  const visible: Prisma.CommentWhereInput[] = [{ status: 'PUBLISHED' }];
  if (viewer) visible.push({ authorId: viewer.id, status: { in: ['PENDING', 'REJECTED'] } });
  if (canModerate(viewer)) visible.push({ status: 'PENDING' });
  return { OR: visible };
}

/**
 * visibleTo for raw SQL over `"Comment" c`. Anonymous readers, by far the most,
 * get a plain `status = 'PUBLISHED'`: an equality the (…, status, …) indexes use.
 */
function visibleToSql(viewer: Viewer): Prisma.Sql {
  if (!viewer) return Prisma.sql`c.status = 'PUBLISHED'`;
  return Prisma.sql`(c.status = 'PUBLISHED' OR (c."authorId" = ${viewer.id}::uuid AND c.status IN ('PENDING', 'REJECTED')) OR (${canModerate(viewer)} AND c.status = 'PENDING'))`;
}

async function reactedIds(viewer: Viewer, ids: string[]): Promise<Set<string>> {
  if (!viewer || ids.length === 0) return new Set();
  const rows = await db.commentReaction.findMany({ where: { userId: viewer.id, commentId: { in: ids } }, select: { commentId: true } });
  return new Set(rows.map((row) => row.commentId));
}

/** A deleted reply stays only as a placeholder for replies beneath it. */
function dropEmptyPlaceholders(replies: CommentRow[]): CommentRow[] {
  const parents = new Set(replies.map((reply) => reply.displayParentId));
  return replies.filter((reply) => !reply.deletedAt || parents.has(reply.id));
}

/**
 * One page of an article's top-level comments, each with its first replies.
 * A fixed number of queries whatever the page holds (no N+1): top-level
 * comments, the first replies of each (one LATERAL join), the viewer's
 * reactions, plus Prisma's one query per loaded relation (author, replied-to
 * comment, appeal): 11 statements in all (measured by npm run bench).
 */
export async function listThreadPage({
  articleId,
  sort,
  cursor,
  viewer,
  limit = THREAD_PAGE_SIZE,
}: {
  articleId: string;
  sort: ThreadSort;
  cursor?: string;
  viewer: Viewer;
  limit?: number;
}): Promise<ThreadPage> {
  const ids = await topLevelPageIds({ articleId, sort, after: decodeCursor(cursor), viewer, take: limit + 1 });
  const rows = await commentsInOrder(ids);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor({ insightful: last.insightfulCount, createdAt: last.createdAt, id: last.id }) : null;

  const replyRows = await firstRepliesOf(
    page.map((row) => row.id),
    viewer,
  );
  const reacted = await reactedIds(
    viewer,
    [...page, ...replyRows].map((row) => row.id),
  );
  const now = Date.now();
  const items = page.map((row) => {
    const replies = dropEmptyPlaceholders(replyRows.filter((reply) => reply.rootId === row.id));
    const shownPublished = replies.filter((reply) => reply.status === 'PUBLISHED' && !reply.deletedAt).length;
    return {
      comment: toCommentView(row, viewer, reacted, now),
      replies: replies.map((reply) => toCommentView(reply, viewer, reacted, now)),
      moreReplies: Math.max(0, row.replyCount - shownPublished),
    };
  });
  return { items, nextCursor };
}

/**
 * The ids of one page of an article's top-level comments, in order. Raw SQL
 * because the keyset condition must be a row comparison, `(createdAt, id) <
 * (…)`, which PostgreSQL turns into the start of an index range scan: Prisma
 * can only write it as an OR, which is checked row by row from the top of the
 * thread (50 pages in, ~1,000 index entries read for 20; see npm run bench).
 */
async function topLevelPageIds({
  articleId,
  sort,
  after,
  viewer,
  take,
}: {
  articleId: string;
  sort: ThreadSort;
  after: Position | null;
  viewer: Viewer;
  take: number;
}): Promise<string[]> {
  // "Best" ranks by Insightful reactions, most first; ties go to the newer comment, then the id.
  const at = (position: Position) => Prisma.sql`(${position.createdAt.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  const [keyset, order] =
    sort === 'oldest'
      ? [after && Prisma.sql`AND (c."createdAt", c.id) > (${at(after)}, ${after.id}::uuid)`, Prisma.sql`c."createdAt" ASC, c.id ASC`]
      : sort === 'best'
        ? [
            after && Prisma.sql`AND (c."insightfulCount", c."createdAt", c.id) < (${after.insightful}::int, ${at(after)}, ${after.id}::uuid)`,
            Prisma.sql`c."insightfulCount" DESC, c."createdAt" DESC, c.id DESC`,
          ]
        : [after && Prisma.sql`AND (c."createdAt", c.id) < (${at(after)}, ${after.id}::uuid)`, Prisma.sql`c."createdAt" DESC, c.id DESC`];
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT c.id FROM "Comment" c
    WHERE c."articleId" = ${articleId}::uuid AND c.depth = 1 AND ${visibleToSql(viewer)}
      ${sort === 'featured' ? Prisma.sql`AND c."featuredAt" IS NOT NULL` : Prisma.empty}
      -- A deleted comment stays only as a placeholder for its replies.
      AND (c."deletedAt" IS NULL OR c."replyCount" > 0)
      ${keyset ?? Prisma.empty}
    ORDER BY ${order}
    LIMIT ${take}`;
  return rows.map((row) => row.id);
}

/** The comments with these ids, in the same order. */
async function commentsInOrder(ids: string[]): Promise<CommentRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.comment.findMany({ where: { id: { in: ids } }, select: commentViewSelect });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

async function firstRepliesOf(rootIds: string[], viewer: Viewer): Promise<CommentRow[]> {
  if (rootIds.length === 0) return [];
  const ids = await db.$queryRaw<{ id: string }[]>`
    SELECT r.id FROM unnest(${rootIds}::uuid[]) AS root(id)
    CROSS JOIN LATERAL (
      SELECT c.id FROM "Comment" c
      WHERE c."rootId" = root.id AND ${visibleToSql(viewer)}
        -- A deleted reply is shown only as a placeholder for replies beneath
        -- it; without any it would take one of the few places and then be dropped.
        AND (c."deletedAt" IS NULL
          OR EXISTS (SELECT 1 FROM "Comment" k WHERE k."rootId" = root.id AND k."displayParentId" = c.id AND k."deletedAt" IS NULL))
      ORDER BY c."createdAt", c.id
      LIMIT ${REPLIES_SHOWN}
    ) r`;
  if (ids.length === 0) return [];
  return db.comment.findMany({
    where: { id: { in: ids.map((row) => row.id) } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: commentViewSelect,
  });
}

/** A top-level comment with its replies in conversation order (for "show more replies" and permalinks). */
export async function listWholeThread({ rootId, viewer, after }: { rootId: string; viewer: Viewer; after?: string }) {
  const root = await db.comment.findFirst({ where: { id: rootId, rootId: null, ...visibleTo(viewer) }, select: commentViewSelect });
  if (!root) return null;
  const position = decodeCursor(after);
  const rows = await db.comment.findMany({
    where: { rootId, AND: [visibleTo(viewer), repliesAfter(position)] },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: REPLIES_PAGE_SIZE + 1,
    select: commentViewSelect,
  });
  const page = rows.slice(0, REPLIES_PAGE_SIZE);
  const last = page.at(-1);
  const reacted = await reactedIds(viewer, [root.id, ...page.map((row) => row.id)]);
  const now = Date.now();
  return {
    comment: toCommentView(root, viewer, reacted, now),
    replies: dropEmptyPlaceholders(page).map((row) => toCommentView(row, viewer, reacted, now)),
    nextCursor: rows.length > REPLIES_PAGE_SIZE && last ? encodeCursor({ insightful: 0, createdAt: last.createdAt, id: last.id }) : null,
  };
}

/** Which thread a comment lives in, for permalinks to comments beyond the first page. */
export async function findCommentLocation(commentId: string, viewer: Viewer) {
  const row = await db.comment.findFirst({
    where: { id: commentId, ...visibleTo(viewer) },
    select: { id: true, rootId: true, article: { select: { slug: true } } },
  });
  return row ? { commentId: row.id, rootId: row.rootId ?? row.id, articleSlug: row.article.slug } : null;
}
