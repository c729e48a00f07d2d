import 'server-only';
import { threadChangeTags } from '@/lib/articles/cache-tags';
import { expireCacheTags } from '@/lib/cache/expire-cache-tags';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { notifyCommentEvent } from './comment-events';
import { shiftPublicCounts } from './shift-public-counts';

/**
 * The author deletes their comment. Nothing is erased: the row stays (text
 * hidden) so replies keep their context under a "deleted" placeholder, and
 * moderators keep the record.
 */
export async function deleteCommentAs(actor: CurrentUser | null, commentId: string) {
  const user = authorize(actor, 'read-own-account');
  const comment = await db.comment.findUnique({
    where: { id: commentId },
    select: { id: true, authorId: true, deletedAt: true, status: true, rootId: true, articleId: true, article: { select: { slug: true } } },
  });
  if (!comment) throw new DomainError('NOT_FOUND', 'That comment no longer exists.');
  if (comment.authorId !== user.id) throw new DomainError('FORBIDDEN', 'You can only delete your own comments.');
  if (comment.deletedAt) return { id: comment.id, articleSlug: comment.article.slug };
  await db.$transaction(async (tx) => {
    // Claim the deletion atomically so a double click counts once.
    const { count } = await tx.comment.updateMany({ where: { id: comment.id, deletedAt: null }, data: { deletedAt: new Date() } });
    if (count === 0) return;
    const published = comment.status === 'PUBLISHED';
    const commentCount = await shiftPublicCounts(tx, comment, published ? -1 : 0);
    await notifyCommentEvent(tx, {
      articleId: comment.articleId,
      commentId: comment.id,
      kind: 'removed',
      authorId: user.id,
      wasPublic: published,
      isPublic: false,
      commentCount,
    });
  });
  await expireCacheTags(threadChangeTags(comment.article.slug));
  return { id: comment.id, articleSlug: comment.article.slug };
}

export const deleteComment = withCurrentUser(deleteCommentAs);
