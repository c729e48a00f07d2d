import 'server-only';
import { threadChangeTags } from '@/lib/articles/cache-tags';
import { expireCacheTags } from '@/lib/cache/expire-cache-tags';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { db } from '@/lib/db';
import { DomainError, parseInput } from '@/lib/errors';
import { resolveMentionLinks } from '@/lib/notifications/resolve-mentions';
import { notifyCommentEvent } from './comment-events';
import { renderCommentMarkdown } from './render-comment-markdown';
import { EDIT_WINDOW_MINUTES, editCommentSchema } from './schema';

/**
 * The author may edit for 15 minutes after posting. The previous text is kept
 * as a revision, so moderators can see what a comment said before.
 */
export async function editCommentAs(actor: CurrentUser | null, rawInput: { commentId: string; body: string }) {
  const user = authorize(actor, 'post');
  const input = parseInput(editCommentSchema, rawInput);
  const comment = await db.comment.findUnique({
    where: { id: input.commentId },
    select: {
      id: true,
      authorId: true,
      body: true,
      createdAt: true,
      deletedAt: true,
      status: true,
      articleId: true,
      article: { select: { slug: true, commentCount: true } },
    },
  });
  if (!comment || comment.deletedAt) throw new DomainError('NOT_FOUND', 'That comment no longer exists.');
  if (comment.authorId !== user.id) throw new DomainError('FORBIDDEN', 'You can only edit your own comments.');
  if (Date.now() - comment.createdAt.getTime() > EDIT_WINDOW_MINUTES * 60_000) {
    throw new DomainError(
      'FORBIDDEN',
      `Comments can be edited for ${EDIT_WINDOW_MINUTES} minutes after posting; this one can no longer be changed. You can delete it.`,
    );
  }
  if (comment.body === input.body) return { id: comment.id, articleSlug: comment.article.slug };
  // Mentions added by an edit link like any other; they notify nobody (the comment was already out).
  const bodyHtml = renderCommentMarkdown(input.body, await resolveMentionLinks({ id: comment.articleId, slug: comment.article.slug }, input.body));
  await db.$transaction(async (tx) => {
    await tx.commentRevision.create({ data: { commentId: comment.id, body: comment.body } });
    await tx.comment.update({
      where: { id: comment.id },
      data: { body: input.body, bodyHtml, editedAt: new Date() },
    });
    await notifyCommentEvent(tx, {
      articleId: comment.articleId,
      commentId: comment.id,
      kind: 'updated',
      authorId: user.id,
      wasPublic: comment.status === 'PUBLISHED',
      isPublic: comment.status === 'PUBLISHED',
      commentCount: comment.article.commentCount,
    });
  });
  await expireCacheTags(threadChangeTags(comment.article.slug));
  return { id: comment.id, articleSlug: comment.article.slug };
}

export const editComment = withCurrentUser(editCommentAs);
