import 'server-only';
import { threadChangeTags } from '@/lib/articles/cache-tags';
import { expireCacheTags } from '@/lib/cache/expire-cache-tags';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';

/** Marks a comment "Insightful" for the reader, or takes the mark back. Not on one's own comments. */
export async function toggleInsightfulAs(actor: CurrentUser | null, commentId: string) {
  const user = authorize(actor, 'post');
  const comment = await db.comment.findUnique({
    where: { id: commentId },
    select: { authorId: true, status: true, deletedAt: true, article: { select: { slug: true } } },
  });
  if (!comment || comment.deletedAt || comment.status !== 'PUBLISHED') throw new DomainError('NOT_FOUND', 'That comment no longer exists.');
  if (comment.authorId === user.id) throw new DomainError('FORBIDDEN', 'You cannot mark your own comment as insightful.');

  const result = await db.$transaction(async (tx) => {
    const removed = await tx.commentReaction.deleteMany({ where: { commentId, userId: user.id } });
    if (removed.count === 0) {
      // ON CONFLICT DO NOTHING rather than catching a unique violation: in
      // PostgreSQL a failed statement aborts the whole transaction, so the read
      // below would fail and a double click would answer with an error.
      const added = await tx.commentReaction.createMany({ data: [{ commentId, userId: user.id }], skipDuplicates: true });
      if (added.count === 0) {
        // A concurrent click already added it: the reader's intent ("insightful") holds.
        const { insightfulCount } = await tx.comment.findUniqueOrThrow({ where: { id: commentId }, select: { insightfulCount: true } });
        return { insightful: true, insightfulCount, articleSlug: comment.article.slug };
      }
    }
    const { insightfulCount } = await tx.comment.update({
      where: { id: commentId },
      data: { insightfulCount: { increment: removed.count === 0 ? 1 : -1 } },
      select: { insightfulCount: true },
    });
    return { insightful: removed.count === 0, insightfulCount, articleSlug: comment.article.slug };
  });
  // The count shows on the page, and "Best" sorts by it.
  await expireCacheTags(threadChangeTags(comment.article.slug));
  return result;
}

export const toggleInsightful = withCurrentUser(toggleInsightfulAs);
