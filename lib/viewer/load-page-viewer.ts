import 'server-only';
import { getPublishedArticle, type PublishedArticle } from '@/lib/articles/get-published-article';
import { isAdmin, isModerator, postingRestriction } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { commentViewSelect, toCommentView } from '@/lib/comments/comment-view';
import { isThreadClosed, viewerOf } from '@/lib/comments/load-article-thread';
import { EDIT_WINDOW_MINUTES } from '@/lib/comments/schema';
import { db } from '@/lib/db';
import { getCachedModerationPolicy } from '@/lib/moderation/policy';
import { countUnreadNotifications, UNREAD_SHOWN_MAX } from '@/lib/notifications/count-unread';
import { isFollowingThread } from '@/lib/notifications/follow-thread';
import type { PageViewerQuery } from './schema';

// How much of a reader's own history one article's overlay carries: far more
// than anyone writes under one article; past it, the oldest lose their buttons
// on the shared page (the per-reader ?personal=1 page still has them all).
const OWN_COMMENTS_MAX = 500;
const REACTIONS_MAX = 2_000;
const HELD_COMMENTS_MAX = 20;

/**
 * The reader's part of a page that is shared by everyone (README "Caching"):
 * the front page and an article's first page are one cached HTML for all
 * readers, signed in or not, and the browser asks for this once per view to
 * fill in what is theirs: the header (name, staff links, unread count, a
 * moderator's warning) and, under an article, whether they may post, what
 * they follow, which comments are theirs (editable, deletable), which they
 * found insightful, and their comments still held for moderation.
 * Never cached: it is read for the session that asks.
 */
export async function loadPageViewerAs(user: CurrentUser | null, { article: slug }: PageViewerQuery) {
  if (!user) return { signedIn: false as const };
  const [unread, thread] = await Promise.all([countUnreadNotifications(user.id), slug ? loadThreadViewer(user, slug) : null]);
  return {
    signedIn: true as const,
    name: user.name,
    isModerator: isModerator(user),
    isAdmin: isAdmin(user),
    unread,
    unreadShownMax: UNREAD_SHOWN_MAX,
    warning: user.warning && !user.warningAcknowledgedAt ? user.warning : null,
    thread,
  };
}

async function loadThreadViewer(user: CurrentUser, slug: string) {
  const [article, policy] = await Promise.all([getPublishedArticle(slug), getCachedModerationPolicy()]);
  return article ? threadViewerOf(user, article, policy) : null;
}

/**
 * The reader's part of one article's thread, given the article and the
 * policy (both from the data cache in the app). Exported for its test: the
 * cached reads exist only inside Next.js.
 */
export async function threadViewerOf(
  user: CurrentUser,
  article: Pick<PublishedArticle, 'id' | 'slug' | 'commentsClosedAt' | 'createdAt' | 'publishedAt'>,
  policy: Awaited<ReturnType<typeof getCachedModerationPolicy>>,
) {
  const viewer = viewerOf(user);
  const [following, own, reacted, held] = await Promise.all([
    isFollowingThread(user.id, article.id),
    db.comment.findMany({
      where: { articleId: article.id, authorId: user.id, deletedAt: null },
      orderBy: { createdAt: 'desc' },
      take: OWN_COMMENTS_MAX,
      select: { id: true, body: true, createdAt: true },
    }),
    db.commentReaction.findMany({
      where: { userId: user.id, comment: { articleId: article.id } },
      orderBy: { createdAt: 'desc' },
      take: REACTIONS_MAX,
      select: { commentId: true },
    }),
    db.comment.findMany({
      where: { articleId: article.id, authorId: user.id, deletedAt: null, status: { in: ['PENDING', 'REJECTED'] } },
      orderBy: { createdAt: 'desc' },
      take: HELD_COMMENTS_MAX,
      select: commentViewSelect,
    }),
  ]);
  const now = Date.now();
  const restriction = postingRestriction(user);
  const closed = isThreadClosed(article, policy);
  return {
    slug: article.slug,
    canPost: !restriction && !closed,
    restriction,
    following,
    /** The reader's comments here, with the Markdown source while it may still be edited. */
    own: own.map((comment) => ({
      id: comment.id,
      editableBody: now - comment.createdAt.getTime() < EDIT_WINDOW_MINUTES * 60_000 ? comment.body : null,
    })),
    reacted: reacted.map((reaction) => reaction.commentId),
    held: held.map((row) => toCommentView(row, viewer, new Set(), now)),
  };
}

export const loadPageViewer = withCurrentUser(loadPageViewerAs);

export type PageViewer = Awaited<ReturnType<typeof loadPageViewerAs>>;
export type SignedInPageViewer = Extract<PageViewer, { signedIn: true }>;
export type ThreadViewerOverlay = NonNullable<SignedInPageViewer['thread']>;
