import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ArticleView } from '@/components/articles/article-view';
import { articleMetadata } from '@/lib/articles/article-metadata';
import { getPublishedArticle } from '@/lib/articles/get-published-article';
import { loadArticleThread } from '@/lib/comments/load-article-thread';
import { threadSortSchema } from '@/lib/comments/schema';

// An article's first page as every anonymous reader sees it, one per sort.
// next.config.js rewrites cookie-less requests for /articles/<slug>[?sort=]
// here; Next.js renders it on the first request and keeps it (ISR) until the
// article's cache tag expires, and sends it with Cache-Control for shared caches.
type CachedArticlePageProps = { params: Promise<{ slug: string; sort: string }> };

/**
 * One placeholder that is no article (and needs no database to say so). With
 * Cache Components, Next.js renders and keeps a page per URL only for a route
 * whose generateStaticParams lists at least one; with none it would serve a
 * generic shell and render the article anew on every request. Real articles
 * are rendered on their first request, not at build time (no database then).
 */
export function generateStaticParams() {
  return [{ slug: '_', sort: '_' }];
}

export async function generateMetadata({ params }: CachedArticlePageProps): Promise<Metadata> {
  return articleMetadata(await getPublishedArticle((await params).slug));
}

export default async function CachedArticlePage({ params }: CachedArticlePageProps) {
  const { slug, sort: rawSort } = await params;
  const sort = threadSortSchema.safeParse(rawSort);
  const article = sort.success ? await getPublishedArticle(slug) : null;
  if (!article || !sort.success) notFound();
  const thread = await loadArticleThread({ article, sort: sort.data, user: null });
  return <ArticleView article={article} thread={thread} sort={sort.data} />;
}
