import 'server-only';
import { expireCacheTags } from '@/lib/cache/expire-cache-tags';
import { cacheTagsOfPagesShowing } from '@/lib/comments/articles-commented-by';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { endEverySession } from '@/lib/auth/session-records';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { notifyCommentEvent } from '@/lib/comments/comment-events';
import { shiftPublicCounts } from '@/lib/comments/shift-public-counts';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import type { Prisma, ReportReason, UserModerationMode } from '@/lib/generated/prisma/client';
import { formatUtc } from '@/lib/format-utc';
import { notifyModerationOutcome, type ModerationOutcome } from '@/lib/notifications/create-notifications';
import { recordAudit } from './record-audit';

export type UserDecision =
  | { kind: 'warn'; message: string }
  | { kind: 'suspend'; until: Date; reason: string }
  | { kind: 'ban'; reason: string; rejectComments: boolean }
  | { kind: 'lift' }
  | { kind: 'mode'; mode: UserModerationMode };

const standingSelect = { role: true, suspendedUntil: true, bannedAt: true, statusReason: true, moderationMode: true, warning: true, deletedAt: true } as const;

function snapshot(user: Prisma.UserGetPayload<{ select: typeof standingSelect }>) {
  return {
    suspendedUntil: user.suspendedUntil?.toISOString() ?? null,
    banned: user.bannedAt !== null,
    statusReason: user.statusReason,
    moderationMode: user.moderationMode,
    warning: user.warning,
  };
}

/**
 * Warn, suspend, ban, lift, or set a user's pre-moderation. Suspended and
 * banned users keep reading (and signing in); posting checks their standing on
 * every request. A ban also ends their sessions. Moderators cannot act on
 * staff; only an admin can.
 */
export async function moderateUserAs(actor: CurrentUser | null, userId: string, decision: UserDecision) {
  const moderator = authorize(actor, 'moderate');
  if (userId === moderator.id) throw new DomainError('FORBIDDEN', 'You cannot moderate your own account.');
  const result = await db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: standingSelect });
    if (!before || before.deletedAt) throw new DomainError('NOT_FOUND', 'There is no such user.');
    if (before.role !== 'READER' && moderator.role !== 'ADMIN') throw new DomainError('FORBIDDEN', 'Only an admin can act on a moderator or admin.');

    let data: Prisma.UserUpdateInput;
    if (decision.kind === 'warn') data = { warning: decision.message, warningIssuedAt: new Date(), warningAcknowledgedAt: null };
    else if (decision.kind === 'suspend') {
      if (decision.until.getTime() <= Date.now()) throw new DomainError('INVALID_INPUT', 'Choose a time in the future for the suspension to end.');
      data = { suspendedUntil: decision.until, statusReason: decision.reason };
    } else if (decision.kind === 'ban') data = { bannedAt: new Date(), statusReason: decision.reason };
    else if (decision.kind === 'lift') data = { bannedAt: null, suspendedUntil: null, statusReason: null };
    else data = { moderationMode: decision.mode };

    const after = await tx.user.update({ where: { id: userId }, data, select: standingSelect });
    // A ban signs the user out everywhere at once; they may sign in again to read and are told
    // they are banned. A suspension is temporary and leaves them signed in.
    if (decision.kind === 'ban') await endEverySession(tx, userId);
    let rejected = 0;
    if (decision.kind === 'ban' && decision.rejectComments) {
      rejected = await rejectAllCommentsOf(tx, userId, moderator.id);
    }
    await recordAudit(tx, {
      action: { warn: 'USER_WARNED', suspend: 'USER_SUSPENDED', ban: 'USER_BANNED', lift: 'USER_LIFTED', mode: 'USER_MODERATION_MODE_SET' }[decision.kind] as
        'USER_WARNED' | 'USER_SUSPENDED' | 'USER_BANNED' | 'USER_LIFTED' | 'USER_MODERATION_MODE_SET',
      actorId: moderator.id,
      targetType: 'user',
      targetId: userId,
      before: snapshot(before),
      after: { ...snapshot(after), ...(decision.kind === 'ban' && { commentsRejected: rejected }) },
      reason: decision.kind === 'suspend' || decision.kind === 'ban' ? decision.reason : null,
      note: decision.kind === 'warn' ? decision.message : null,
    });
    const outcome = standingOutcome(decision);
    if (outcome) await notifyModerationOutcome(tx, { ...outcome, recipientId: userId, moderatorId: moderator.id });
    return { rejected };
  });
  // Their comments left every thread they were in.
  if (result.rejected > 0) await expireCacheTags(await cacheTagsOfPagesShowing(userId));
  return result;
}

/** What the user is told of a decision about their standing (lifting and pre-moderation modes are not news to them). */
function standingOutcome(decision: UserDecision): Pick<ModerationOutcome, 'kind' | 'detail'> | null {
  switch (decision.kind) {
    case 'warn':
      return { kind: 'WARNING', detail: decision.message };
    case 'suspend':
      return { kind: 'SUSPENSION', detail: `Until ${formatUtc(decision.until)}. Reason: ${decision.reason}` };
    case 'ban':
      return { kind: 'BAN', detail: `Reason: ${decision.reason}` };
    default:
      return null;
  }
}

/** A ban can take the user's published and held comments down with it; each removal is audited. */
async function rejectAllCommentsOf(tx: Prisma.TransactionClient, userId: string, moderatorId: string): Promise<number> {
  const comments = await tx.comment.findMany({
    where: { authorId: userId, status: { in: ['PUBLISHED', 'PENDING'] } },
    select: { id: true, status: true, deletedAt: true, rootId: true, articleId: true },
  });
  const reason: ReportReason = 'OTHER';
  for (const comment of comments) {
    await tx.comment.update({
      where: { id: comment.id },
      data: { status: 'REJECTED', rejectionReason: reason, rejectionNote: 'Author banned', featuredAt: null, moderatedAt: new Date(), moderatedById: moderatorId },
    });
    const published = comment.status === 'PUBLISHED' && !comment.deletedAt;
    const commentCount = await shiftPublicCounts(tx, comment, published ? -1 : 0);
    await notifyCommentEvent(tx, {
      articleId: comment.articleId,
      commentId: comment.id,
      kind: 'removed',
      authorId: userId,
      wasPublic: published,
      isPublic: false,
      commentCount,
    });
    await recordAudit(tx, {
      action: 'COMMENT_REJECTED',
      actorId: moderatorId,
      targetType: 'comment',
      targetId: comment.id,
      articleId: comment.articleId,
      before: { status: comment.status },
      after: { status: 'REJECTED' },
      reason,
      note: 'Author banned',
    });
  }
  await tx.commentReport.updateMany({ where: { comment: { authorId: userId }, resolvedAt: null }, data: { resolvedAt: new Date() } });
  return comments.length;
}

/** The warned user confirms they have read the warning; it is then no longer shown. */
export async function acknowledgeWarningAs(actor: CurrentUser | null) {
  const user = authorize(actor, 'read-own-account');
  await db.user.update({ where: { id: user.id }, data: { warningAcknowledgedAt: new Date() } });
}

export const moderateUser = withCurrentUser(moderateUserAs);
export const acknowledgeWarning = withCurrentUser(acknowledgeWarningAs);
