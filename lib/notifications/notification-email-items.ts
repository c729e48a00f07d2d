// What a notification email shows about each entry, read in one go for a set
// of notifications (no query per entry).
import 'server-only';
import type { NotificationEmailItem } from '@/components/emails/notification-email';
import { commentExcerpt } from '@/lib/comments/comment-excerpt';
import { commentPermalink } from '@/lib/comments/comment-permalink';
import { db } from '@/lib/db';
import type { NotificationKind } from '@/lib/generated/prisma/client';
import { absoluteUrl } from '@/lib/site';
import { describeNotification } from './describe-notification';

export type PendingNotification = {
  id: string;
  recipientId: string;
  kind: NotificationKind;
  commentId: string | null;
  actorId: string | null;
  detail: string | null;
  createdAt: Date;
};

export type EmailEntry = {
  notification: PendingNotification;
  item: NotificationEmailItem;
  /** What happened without detail: the subject of an email with this one entry. */
  summary: string;
  articleId: string | null;
  articleTitle: string | null;
};

/** Kinds about someone else's comment: only worth an email while that comment is public. */
const aboutPublicComment = new Set<NotificationKind>(['REPLY', 'MENTION', 'FOLLOWED_THREAD']);

/**
 * The email entries for these notifications, in the same order, leaving out
 * what should not be mailed: the recipient's own doings, and comments that
 * were deleted or removed before the email went out.
 */
export async function emailEntries(notifications: PendingNotification[]): Promise<EmailEntry[]> {
  const commentIds = [...new Set(notifications.flatMap((n) => (n.commentId ? [n.commentId] : [])))];
  const actorIds = [...new Set(notifications.flatMap((n) => (n.actorId ? [n.actorId] : [])))];
  const [comments, actors] = await Promise.all([
    db.comment.findMany({
      where: { id: { in: commentIds } },
      select: { id: true, body: true, status: true, deletedAt: true, article: { select: { id: true, slug: true, title: true } } },
    }),
    db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true, deletedAt: true } }),
  ]);
  const commentById = new Map(comments.map((comment) => [comment.id, comment]));
  const actorById = new Map(actors.map((actor) => [actor.id, actor]));
  const entries: EmailEntry[] = [];
  for (const notification of notifications) {
    if (notification.actorId && notification.actorId === notification.recipientId) continue;
    const comment = notification.commentId ? commentById.get(notification.commentId) : undefined;
    if (notification.commentId && !comment) continue;
    if (comment && aboutPublicComment.has(notification.kind) && (comment.status !== 'PUBLISHED' || comment.deletedAt)) continue;
    const actor = notification.actorId ? actorById.get(notification.actorId) : undefined;
    const articleTitle = comment?.article.title ?? null;
    const words = describeNotification({
      kind: notification.kind,
      actorName: actor && !actor.deletedAt ? actor.name : null,
      articleTitle,
      detail: notification.detail,
    });
    entries.push({
      notification,
      summary: words.summary,
      articleId: comment?.article.id ?? null,
      articleTitle,
      item: {
        text: words.text,
        // The reader's text as plain words (never the stored HTML); React escapes it.
        excerpt: comment && !comment.deletedAt ? commentExcerpt(comment.body, 280) : null,
        link: comment ? absoluteUrl(commentPermalink(comment.article.slug, comment.id)) : absoluteUrl('/account'),
      },
    });
  }
  return entries;
}
