import 'server-only';
import { cacheLife, cacheTag } from 'next/cache';
import { articleCacheLife, articlesTag, articleTag, policyTag } from '@/lib/articles/cache-tags';
import type { PublishedArticle } from '@/lib/articles/get-published-article';
import { postingRestriction } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { db } from '@/lib/db';
import { moderationLedger } from '@/lib/moderation/moderation-ledger';
import { getCachedModerationPolicy, threadClosed } from '@/lib/moderation/policy';
import { commentViewSelect, toCommentView, type Viewer } from './comment-view';
import { countQuotesByParagraph } from './count-quotes';
import { findCommentLocation, listThreadPage, listWholeThread, visibleTo } from './list-thread';
import type { ThreadSort } from './schema';

export const viewerOf = (user: CurrentUser | null): Viewer => (user ? { id: user.id, role: user.role } : null);

type ThreadArticle = Pick<PublishedArticle, 'id' | 'slug' | 'commentsClosedAt' | 'createdAt' | 'publishedAt'>;

type ThreadRequest = {
  article: ThreadArticle;
  sort: ThreadSort;
  /** Who is reading: null for anonymous readers, who all see the same cached thread. */
  user: CurrentUser | null;
  cursor?: string;
  /** ?comment=<id>: show the thread holding this comment, whatever page it is on. */
  linkedCommentId?: string;
  /** ?quoted=<paragraph id>: list the comments quoting this paragraph. */
  quotedParagraphId?: string;
};

/**
 * What every reader of an article's first page sees, whoever they are: the
 * anonymous first page of the thread, the featured comments, quote counts, the
 * moderation ledger and whether the thread is closed. One data-cache entry per
 * article and sort, expired with the article's tag (any change to its thread)
 * and the policy's (auto-close).
 */
async function publicThread(article: ThreadArticle, sort: ThreadSort) {
  'use cache';
  cacheLife(articleCacheLife);
  cacheTag(articlesTag, articleTag(article.slug), policyTag);
  const [page, featuredPage, quoteCounts, ledger, policy] = await Promise.all([
    listThreadPage({ articleId: article.id, sort, viewer: null }),
    sort === 'featured' ? null : listThreadPage({ articleId: article.id, sort: 'featured', viewer: null }),
    countQuotesByParagraph(article.id),
    moderationLedger(article.id),
    getCachedModerationPolicy(),
  ]);
  return {
    page,
    featured: featuredPage ? featuredPage.items.slice(0, 3).map((item) => item.comment) : [],
    quoteCounts,
    ledger,
    commentsClosed: isThreadClosed(article, policy),
  };
}

/** Whether the article takes no new comments: closed by a moderator, or older than the policy's auto-close. */
export function isThreadClosed(article: ThreadArticle, policy: Awaited<ReturnType<typeof getCachedModerationPolicy>>) {
  return threadClosed(
    {
      commentsClosedAt: article.commentsClosedAt ? new Date(article.commentsClosedAt) : null,
      createdAt: new Date(article.createdAt),
      publishedAt: article.publishedAt ? new Date(article.publishedAt) : null,
    },
    policy,
  );
}

/**
 * Everything the comment section of an article page shows, for whoever is
 * reading. Anonymous readers of a first page get the cached public thread;
 * signed-in readers see their own held comments and reactions, so their page
 * is read for them (the public parts still come from the data cache).
 */
export async function loadArticleThread({ article, sort, user, cursor, linkedCommentId, quotedParagraphId }: ThreadRequest) {
  const viewer = viewerOf(user);
  const personal = viewer !== null || cursor !== undefined;
  // Only what the thread depends on: the arguments are the data cache's key.
  const { id, slug, commentsClosedAt, createdAt, publishedAt } = article;
  const [shared, page, linked, quoting, policy] = await Promise.all([
    publicThread({ id, slug, commentsClosedAt, createdAt, publishedAt }, sort),
    personal ? listThreadPage({ articleId: article.id, sort, cursor, viewer }) : null,
    linkedCommentId ? findLinkedThread(linkedCommentId, viewer, article.slug) : null,
    quotedParagraphId ? listQuotingComments(article.id, quotedParagraphId, viewer) : null,
    personal ? getCachedModerationPolicy() : null,
  ]);
  return {
    page: page ?? shared.page,
    quoteCounts: shared.quoteCounts,
    linked,
    quoting,
    featured: cursor ? [] : shared.featured,
    ledger: shared.ledger,
    viewer: {
      signedIn: user !== null,
      id: user?.id ?? null,
      name: user?.name ?? null,
      restriction: user ? postingRestriction(user) : null,
      isModerator: viewer?.role === 'MODERATOR' || viewer?.role === 'ADMIN',
    },
    // Read at request time for a personal page (auto-close is a matter of the clock).
    commentsClosed: policy ? isThreadClosed(article, policy) : shared.commentsClosed,
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
