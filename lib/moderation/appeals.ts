import 'server-only';
import { threadChangeTags } from '@/lib/articles/cache-tags';
import { expireCacheTags } from '@/lib/cache/expire-cache-tags';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { Prisma } from '@/lib/generated/prisma/client';
import { notifyModerationOutcome } from '@/lib/notifications/create-notifications';
import { decide } from './moderate-comment';
import { recordAudit } from './record-audit';

/** The author of a removed comment appeals once, with a short message. */
export async function appealRemovalAs(actor: CurrentUser | null, input: { commentId: string; message: string }) {
  const user = authorize(actor, 'read-own-account');
  const comment = await db.comment.findUnique({ where: { id: input.commentId }, select: { authorId: true, status: true, article: { select: { slug: true } } } });
  if (!comment || comment.authorId !== user.id) throw new DomainError('NOT_FOUND', 'That comment no longer exists.');
  if (comment.status !== 'REJECTED') throw new DomainError('CONFLICT', 'Only a removed comment can be appealed.');
  try {
    await db.appeal.create({ data: { commentId: input.commentId, authorId: user.id, message: input.message } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new DomainError('CONFLICT', 'You have already appealed this removal; a comment can be appealed once.');
    }
    throw error;
  }
  return { articleSlug: comment.article.slug };
}

/**
 * A moderator upholds the removal or overturns it (which restores the comment).
 * One transaction: the appeal is claimed only while still open, so of two
 * simultaneous decisions one stands and the other is a CONFLICT, and the
 * comment always agrees with the decision that stands.
 */
export async function resolveAppealAs(actor: CurrentUser | null, input: { appealId: string; outcome: 'UPHELD' | 'OVERTURNED' }) {
  const moderator = authorize(actor, 'moderate');
  const result = await db.$transaction(async (tx) => {
    const appeal = await tx.appeal.findUnique({
      where: { id: input.appealId },
      select: { commentId: true, authorId: true, comment: { select: { article: { select: { slug: true } } } } },
    });
    if (!appeal) throw new DomainError('NOT_FOUND', 'That appeal no longer exists.');
    const { count } = await tx.appeal.updateMany({
      where: { id: input.appealId, status: 'OPEN' },
      data: { status: input.outcome, resolvedAt: new Date(), resolvedById: moderator.id },
    });
    if (count === 0) throw new DomainError('CONFLICT', 'That appeal has already been decided.');
    if (input.outcome === 'OVERTURNED') await decide(tx, moderator, appeal.commentId, { kind: 'restore' }, { notifyAuthor: false });
    await notifyModerationOutcome(tx, {
      kind: 'APPEAL_DECIDED',
      recipientId: appeal.authorId,
      moderatorId: moderator.id,
      commentId: appeal.commentId,
      detail: input.outcome === 'OVERTURNED' ? 'Your appeal succeeded: your comment is back in the thread.' : 'Your appeal was turned down: the removal stands.',
    });
    await recordAudit(tx, {
      action: 'APPEAL_RESOLVED',
      actorId: moderator.id,
      targetType: 'appeal',
      targetId: input.appealId,
      before: { status: 'OPEN' },
      after: { status: input.outcome },
    });
    // For the caller to drop the thread's cached pages: a restored comment is public again.
    return { articleSlug: appeal.comment.article.slug };
  });
  // Overturned, the comment is back in the thread.
  if (input.outcome === 'OVERTURNED') await expireCacheTags(threadChangeTags(result.articleSlug));
  return result;
}

export const appealRemoval = withCurrentUser(appealRemovalAs);
export const resolveAppeal = withCurrentUser(resolveAppealAs);
