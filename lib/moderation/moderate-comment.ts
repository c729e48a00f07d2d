import 'server-only';
import { threadChangeTags } from '@/lib/articles/cache-tags';
import { expireCacheTags } from '@/lib/cache/expire-cache-tags';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { notifyCommentEvent } from '@/lib/comments/comment-events';
import { shiftPublicCounts } from '@/lib/comments/shift-public-counts';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import type { CommentStatus, Prisma, ReportReason } from '@/lib/generated/prisma/client';
import { notifyCommentPublished, notifyModerationOutcome } from '@/lib/notifications/create-notifications';
import { describeAuditReason } from './describe-audit-reason';
import { recordAudit } from './record-audit';

export type CommentDecision =
  { kind: 'approve' } | { kind: 'reject'; reason: ReportReason; note?: string } | { kind: 'restore' } | { kind: 'feature' } | { kind: 'unfeature' };

const auditAction = {
  approve: 'COMMENT_APPROVED',
  reject: 'COMMENT_REJECTED',
  restore: 'COMMENT_RESTORED',
  feature: 'COMMENT_FEATURED',
  unfeature: 'COMMENT_UNFEATURED',
} as const;

const counted = (status: CommentStatus, deletedAt: Date | null) => status === 'PUBLISHED' && deletedAt === null;

/**
 * Applies one moderator decision to one comment, in one transaction with its
 * audit entry: the new status, the thread's counts, the comment's open reports
 * (resolved by any decision), and the live event. Exported for commands that
 * decide a comment inside their own transaction (resolving an appeal).
 */
export async function decide(
  tx: Prisma.TransactionClient,
  moderator: CurrentUser,
  commentId: string,
  decision: CommentDecision,
  // An overturned appeal tells its author through the appeal's own notification.
  { notifyAuthor = true }: { notifyAuthor?: boolean } = {},
) {
  const before = await tx.comment.findUnique({
    where: { id: commentId },
    select: {
      id: true,
      status: true,
      deletedAt: true,
      featuredAt: true,
      rootId: true,
      articleId: true,
      authorId: true,
      replyToId: true,
      body: true,
      rejectionReason: true,
      article: { select: { slug: true } },
    },
  });
  if (!before) throw new DomainError('NOT_FOUND', 'That comment no longer exists.');

  const now = new Date();
  let data: Prisma.CommentUpdateInput;
  switch (decision.kind) {
    case 'approve':
    case 'restore':
      data = { status: 'PUBLISHED', rejectionReason: null, rejectionNote: null };
      break;
    case 'reject':
      data = { status: 'REJECTED', rejectionReason: decision.reason, rejectionNote: decision.note ?? null, featuredAt: null };
      break;
    case 'feature':
      if (before.status !== 'PUBLISHED' || before.deletedAt) throw new DomainError('CONFLICT', 'Only a published comment can be featured.');
      data = { featuredAt: before.featuredAt ?? now };
      break;
    case 'unfeature':
      data = { featuredAt: null };
      break;
  }
  const after = await tx.comment.update({
    where: { id: commentId },
    data: { ...data, moderatedAt: now, moderatedById: moderator.id },
    select: { status: true, featuredAt: true, rejectionReason: true, deletedAt: true },
  });

  const delta = Number(counted(after.status, after.deletedAt)) - Number(counted(before.status, before.deletedAt));
  const commentCount = await shiftPublicCounts(tx, before, delta);
  await tx.commentReport.updateMany({ where: { commentId, resolvedAt: null }, data: { resolvedAt: now } });
  await recordAudit(tx, {
    action: auditAction[decision.kind],
    actorId: moderator.id,
    targetType: 'comment',
    targetId: commentId,
    articleId: before.articleId,
    before: { status: before.status, featured: before.featuredAt !== null, rejectionReason: before.rejectionReason },
    after: { status: after.status, featured: after.featuredAt !== null, rejectionReason: after.rejectionReason },
    reason: decision.kind === 'reject' ? decision.reason : null,
    note: decision.kind === 'reject' ? (decision.note ?? null) : null,
  });
  await notifyCommentEvent(tx, {
    articleId: before.articleId,
    commentId,
    kind: after.status === 'PUBLISHED' ? 'updated' : 'removed',
    authorId: before.authorId,
    wasPublic: counted(before.status, before.deletedAt),
    isPublic: counted(after.status, after.deletedAt),
    commentCount,
  });
  // Notifications: the readers it concerns hear of a comment when the public first sees it (an
  // approved held comment; the unique index keeps a restored one from notifying twice), and its
  // author of a change of status.
  if (before.status !== 'PUBLISHED' && counted(after.status, after.deletedAt)) {
    await notifyCommentPublished(tx, { id: commentId, articleId: before.articleId, authorId: before.authorId, replyToId: before.replyToId, body: before.body });
  }
  if (notifyAuthor && before.status !== after.status) {
    if (after.status === 'PUBLISHED') {
      await notifyModerationOutcome(tx, { kind: 'COMMENT_APPROVED', recipientId: before.authorId, moderatorId: moderator.id, commentId });
    } else if (after.status === 'REJECTED' && decision.kind === 'reject') {
      const detail = describeAuditReason({ reason: decision.reason, note: decision.note ?? null });
      await notifyModerationOutcome(tx, { kind: 'COMMENT_REJECTED', recipientId: before.authorId, moderatorId: moderator.id, commentId, detail });
    }
  }
  return { articleSlug: before.article.slug };
}

export async function moderateCommentAs(actor: CurrentUser | null, commentId: string, decision: CommentDecision) {
  const moderator = authorize(actor, 'moderate');
  const result = await db.$transaction((tx) => decide(tx, moderator, commentId, decision));
  await expireCacheTags(threadChangeTags(result.articleSlug));
  return result;
}

/** Approve or reject a selection at once; all or nothing. */
export async function moderateCommentsAs(actor: CurrentUser | null, commentIds: string[], decision: CommentDecision) {
  const moderator = authorize(actor, 'moderate');
  if (commentIds.length === 0) throw new DomainError('INVALID_INPUT', 'Select at least one comment.');
  if (commentIds.length > 100) throw new DomainError('INVALID_INPUT', 'Select at most 100 comments at a time.');
  // A repeated id (a crafted form) is one comment: decided and audited once.
  const ids = [...new Set(commentIds)];
  const result = await db.$transaction(async (tx) => {
    const slugs = new Set<string>();
    for (const id of ids) slugs.add((await decide(tx, moderator, id, decision)).articleSlug);
    return { articleSlugs: [...slugs], count: ids.length };
  });
  await expireCacheTags(result.articleSlugs.flatMap(threadChangeTags));
  return result;
}

export const moderateComment = withCurrentUser(moderateCommentAs);
export const moderateComments = withCurrentUser(moderateCommentsAs);
