import 'server-only';
import type { PublishedArticle } from '@/lib/articles/get-published-article';
import { articlesTag, articleTag } from '@/lib/articles/cache-tags';
import { getCurrentUser } from '@/lib/auth/current-user';
import { DomainError } from '@/lib/errors';
import { loadArticleThread, viewerOf } from './load-article-thread';
import { listThreadPage } from './list-thread';
import type { ThreadSort } from './schema';
import { decodeCursor } from './thread-cursor';

/**
 * A page of the thread as the reader making the request may see it (a
 * signed-in reader also sees their own held comments), and whether every
 * anonymous reader sees the same page, so a shared cache may keep it (with
 * these tags). A cursor this server did not hand out is refused, not read as
 * the first page: its answer would be cached under a made-up key.
 */
export async function listThreadPageForViewer(input: {
  article: Pick<PublishedArticle, 'id' | 'slug' | 'commentsClosedAt' | 'createdAt' | 'publishedAt'>;
  sort: ThreadSort;
  cursor?: string;
}) {
  if (input.cursor !== undefined && !decodeCursor(input.cursor)) {
    throw new DomainError('INVALID_INPUT', 'This page of comments no longer exists. Load the thread again from its first page.');
  }
  const user = await getCurrentUser();
  const page =
    user || input.cursor
      ? await listThreadPage({ articleId: input.article.id, sort: input.sort, cursor: input.cursor, viewer: viewerOf(user) })
      : (await loadArticleThread({ article: input.article, sort: input.sort, user: null })).page;
  return { page, shared: user === null, tags: [articlesTag, articleTag(input.article.slug)] };
}
