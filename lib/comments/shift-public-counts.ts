import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';

/**
 * A comment entered (+1) or left (-1) the public thread: the article's
 * commentCount and, for a reply, its top-level comment's replyCount follow,
 * so listings need no COUNT(*). Returns the article's count for the live event
 * (read even when nothing moved, which the event still reports).
 */
export async function shiftPublicCounts(tx: Prisma.TransactionClient, comment: { articleId: string; rootId: string | null }, delta: number): Promise<number> {
  const { commentCount } = await tx.article.update({
    where: { id: comment.articleId },
    data: { commentCount: { increment: delta } },
    select: { commentCount: true },
  });
  if (delta !== 0 && comment.rootId) await tx.comment.update({ where: { id: comment.rootId }, data: { replyCount: { increment: delta } } });
  return commentCount;
}
