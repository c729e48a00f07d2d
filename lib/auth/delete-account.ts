import 'server-only';
import { expireCacheTags } from '@/lib/cache/expire-cache-tags';
import { cacheTagsOfPagesShowing } from '@/lib/comments/articles-commented-by';
import { getClientIp } from '@/lib/request-ip';
import { db } from '@/lib/db';
import { requireUser } from './authorization';
import { DELETED_USER_NAME } from './delete-account-name';
import { recordAuthEvent } from './record-auth-event';
import { endSession } from './session-cookie';
import { endEverySession } from './session-records';

/**
 * Deletes an account. The user row stays as an anonymous tombstone ("Deleted
 * user", no email, no password, no linked providers) and so do their comments,
 * so replies keep their place in threads, but every comment's text and earlier
 * revisions are erased. Every session ends at once.
 */
export async function deleteAccountOf(userId: string, ip: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const comments = await tx.comment.findMany({ where: { authorId: userId }, select: { id: true, articleId: true, rootId: true } });
    await tx.commentRevision.deleteMany({ where: { comment: { authorId: userId } } });
    await tx.comment.updateMany({
      where: { authorId: userId },
      data: { body: '', bodyHtml: '', deletedAt: new Date() },
    });
    // Counts are recomputed rather than decremented: some comments were already deleted or held.
    const articleIds = [...new Set(comments.map((comment) => comment.articleId))];
    const rootIds = [...new Set(comments.flatMap((comment) => (comment.rootId ? [comment.rootId] : [])))];
    if (articleIds.length > 0) {
      await tx.$executeRaw`
        UPDATE "Article" a SET "commentCount" = (
          SELECT count(*) FROM "Comment" c WHERE c."articleId" = a.id AND c.status = 'PUBLISHED' AND c."deletedAt" IS NULL)
        WHERE a.id = ANY(${articleIds}::uuid[])`;
    }
    if (rootIds.length > 0) {
      await tx.$executeRaw`
        UPDATE "Comment" r SET "replyCount" = (
          SELECT count(*) FROM "Comment" c WHERE c."rootId" = r.id AND c.status = 'PUBLISHED' AND c."deletedAt" IS NULL)
        WHERE r.id = ANY(${rootIds}::uuid[])`;
    }
    await tx.account.deleteMany({ where: { userId } });
    await endEverySession(tx, userId);
    const reacted = await tx.commentReaction.findMany({ where: { userId }, select: { commentId: true } });
    await tx.commentReaction.deleteMany({ where: { userId } });
    if (reacted.length > 0) {
      await tx.$executeRaw`
        UPDATE "Comment" c SET "insightfulCount" = (SELECT count(*) FROM "CommentReaction" r WHERE r."commentId" = c.id)
        WHERE c.id = ANY(${reacted.map((reaction) => reaction.commentId)}::uuid[])`;
    }
    await tx.user.update({
      where: { id: userId },
      data: {
        name: DELETED_USER_NAME,
        email: `deleted-${userId}@deleted.invalid`,
        emailVerified: null,
        image: null,
        passwordHash: null,
        role: 'READER',
        deletedAt: new Date(),
      },
    });
    await recordAuthEvent({ type: 'ACCOUNT_DELETED', userId, ip }, tx);
  });
  // Their words and name leave every page at once (issue 12: they stayed ~11 minutes).
  await expireCacheTags(await cacheTagsOfPagesShowing(userId));
}

/** The account page's command: delete the signed-in user's account and sign this browser out. */
export async function deleteAccount(): Promise<void> {
  const user = await requireUser();
  await deleteAccountOf(user.id, await getClientIp());
  await endSession();
}
