import 'server-only';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { commentExcerpt } from '@/lib/comments/comment-excerpt';
import { commentPermalink } from '@/lib/comments/comment-permalink';
import { db } from '@/lib/db';
import type { NotificationKind } from '@/lib/generated/prisma/client';
import { describeNotification } from './describe-notification';
import { notificationCursorSchema } from './schema';

export const NOTIFICATIONS_PAGE_SIZE = 20;

export type NotificationEntry = {
  id: string;
  kind: NotificationKind;
  /** What happened, in a sentence: "Ada replied to your comment on “Title”." */
  text: string;
  /** The comment's words, as plain text (React escapes it), when it is about one. */
  excerpt: string | null;
  /** The comment's permalink, or the account page for outcomes about the account. */
  href: string;
  createdAt: Date;
  read: boolean;
};

/** The entry links here when it is about the account rather than a comment. */
const ACCOUNT_PAGE = '/account';

const encodeCursor = (entry: { createdAt: Date; id: string }) => `${entry.createdAt.toISOString()}_${entry.id}`;

function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | null {
  const valid = notificationCursorSchema.parse(cursor);
  if (!valid) return null;
  const [time, id] = valid.split('_') as [string, string];
  const createdAt = new Date(time);
  return Number.isNaN(createdAt.getTime()) ? null : { createdAt, id };
}

/**
 * The reader's notifications, newest first, a page at a time (keyset on
 * createdAt, id: the recipient's index). Only ever the reader's own.
 */
export async function listNotificationsAs(actor: CurrentUser | null, cursor?: string) {
  const reader = authorize(actor, 'read-own-account');
  const after = decodeCursor(cursor);
  const rows = await db.notification.findMany({
    where: {
      recipientId: reader.id,
      ...(after && { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: NOTIFICATIONS_PAGE_SIZE + 1,
    select: { id: true, kind: true, commentId: true, actorId: true, detail: true, createdAt: true, readAt: true },
  });
  const page = rows.slice(0, NOTIFICATIONS_PAGE_SIZE);
  // Their comments and actors, one query each for the whole page.
  const commentIds = [...new Set(page.flatMap((n) => (n.commentId ? [n.commentId] : [])))];
  const actorIds = [...new Set(page.flatMap((n) => (n.actorId ? [n.actorId] : [])))];
  const [comments, actors] = await Promise.all([
    commentIds.length
      ? db.comment.findMany({ where: { id: { in: commentIds } }, select: { id: true, body: true, deletedAt: true, article: { select: { slug: true, title: true } } } })
      : [],
    actorIds.length ? db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true, deletedAt: true } }) : [],
  ]);
  const commentById = new Map(comments.map((c) => [c.id, c]));
  const actorById = new Map(actors.map((a) => [a.id, a]));
  const entries: NotificationEntry[] = page.map((n) => {
    const comment = n.commentId ? commentById.get(n.commentId) : undefined;
    const actorRow = n.actorId ? actorById.get(n.actorId) : undefined;
    return {
      id: n.id,
      kind: n.kind,
      text: describeNotification({
        kind: n.kind,
        actorName: actorRow ? (actorRow.deletedAt ? 'Deleted user' : actorRow.name) : null,
        articleTitle: comment?.article.title ?? null,
        detail: n.detail,
      }).text,
      excerpt: comment && !comment.deletedAt ? commentExcerpt(comment.body) : null,
      href: comment ? commentPermalink(comment.article.slug, comment.id) : ACCOUNT_PAGE,
      createdAt: n.createdAt,
      read: n.readAt !== null,
    };
  });
  const last = page.at(-1);
  return { entries, nextCursor: rows.length > NOTIFICATIONS_PAGE_SIZE && last ? encodeCursor(last) : null };
}

export const listNotifications = withCurrentUser(listNotificationsAs);
