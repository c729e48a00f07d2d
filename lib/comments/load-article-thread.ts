import 'server-only';
import { unstable_cache } from 'next/cache';
import { articleTag, threadCacheSeconds } from '@/lib/articles/cache-tags';
import { getCurrentUser, type CurrentUser } from '@/lib/auth/current-user';
import { postingRestriction } from '@/lib/auth/authorization';
import { db } from '@/lib/db';
import { commentViewSelect, toCommentView, type Viewer } from './comment-view';
import { moderationLedger } from '@/lib/moderation/moderation-ledger';
import { getCachedModerationPolicy, threadClosed } from '@/lib/moderation/policy';
import { countQuotesByParagraph } from './count-quotes';
import { findCommentLocation, listThreadPage, listWholeThread, visibleTo } from './list-thread';
import type { ThreadSort } from './schema';

export const viewerOf = (user: CurrentUser | null): Viewer => (user ? { id: user.id, role: user.role } : null);

type ThreadRequest = {
  article: { id: string; slug: string; commentsClosedAt: string | null; createdAt: string; publishedAt: string | null };
  sort: ThreadSort;
  cursor?: string;
  /** ?comment=<id>: show the thread holding this comment, whatever page it is on. */
  linkedCommentId?: string;
  /** ?quoted=<paragraph id>: list the comments quoting this paragraph. */
  quotedParagraphId?: string;
};

// Anonymous readers all see the same first page: it comes from Next's data
// cache (tagged with the article, dropped on every change) so an anonymous
// article view costs no database round trip.
const cachedAnonymousPage = (articleId: string, slug: string, sort: ThreadSort) =>
  unstable_cache(() => listThreadPage({ articleId, sort, viewer: null }), ['thread-page', articleId, sort], {
    tags: [articleTag(slug)],
    revalidate: threadCacheSeconds,
  })();

const cachedLedger = (articleId: string, slug: string) =>
  unstable_cache(() => moderationLedger(articleId), ['moderation-ledger', articleId], {
    tags: [articleTag(slug)],
    revalidate: threadCacheSeconds,
  })();

const cachedQuoteCounts = (articleId: string, slug: string) =>
  unstable_cache(() => countQuotesByParagraph(articleId), ['quote-counts', articleId], {
    tags: [articleTag(slug)],
    revalidate: threadCacheSeconds,
  })();

/** Everything the comment section of an article page shows, for whoever is reading. */
export async function loadArticleThread({ article, sort, cursor, linkedCommentId, quotedParagraphId }: ThreadRequest) {
  const user = await getCurrentUser();
  const viewer = viewerOf(user);
  const anonymousFirstPage = !viewer && !cursor;
  const showFeatured = !cursor && sort !== 'featured';
  const [page, quoteCounts, linked, quoting, featured, ledger, policy] = await Promise.all([
    anonymousFirstPage
      ? cachedAnonymousPage(article.id, article.slug, sort)
      : listThreadPage({ articleId: article.id, sort, cursor, viewer }),
    cachedQuoteCounts(article.id, article.slug),
    linkedCommentId ? findLinkedThread(linkedCommentId, viewer, article.slug) : null,
    quotedParagraphId ? listQuotingComments(article.id, quotedParagraphId, viewer) : null,
    showFeatured ? cachedAnonymousPage(article.id, article.slug, 'featured').then((featuredPage) => featuredPage.items.slice(0, 3).map((item) => item.comment)) : [],
    cachedLedger(article.id, article.slug),
    getCachedModerationPolicy(),
  ]);
  return {
    page,
    quoteCounts,
    linked,
    quoting,
    featured,
    ledger,
    viewer: {
      signedIn: user !== null,
      id: user?.id ?? null,
      name: user?.name ?? null,
      restriction: user ? postingRestriction(user) : null,
      isModerator: viewer?.role === 'MODERATOR' || viewer?.role === 'ADMIN',
    },
    commentsClosed: threadClosed(
      {
        commentsClosedAt: article.commentsClosedAt ? new Date(article.commentsClosedAt) : null,
        createdAt: new Date(article.createdAt),
        publishedAt: article.publishedAt ? new Date(article.publishedAt) : null,
      },
      policy,
    ),
  };
}

async function findLinkedThread(commentId: string, viewer: Viewer, slug: string) {
  const location = await findCommentLocation(commentId, viewer);
  if (!location || location.articleSlug !== slug) return null;
  return listWholeThread({ rootId: location.rootId, viewer });
}

async function listQuotingComments(articleId: string, paragraphId: string, viewer: Viewer) {
  const rows = await db.comment.findMany({
    where: { articleId, quotedParagraphId: paragraphId, deletedAt: null, ...visibleTo(viewer) },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: 100,
    select: commentViewSelect,
  });
  const now = Date.now();
  return { paragraphId, comments: rows.map((row) => toCommentView(row, viewer, new Set(), now)) };
}

export type ArticleThread = Awaited<ReturnType<typeof loadArticleThread>>;
