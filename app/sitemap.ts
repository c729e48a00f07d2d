import type { MetadataRoute } from 'next';
import { listPublishedArticles } from '@/lib/articles/list-published-articles';
import { absoluteUrl, articlePath } from '@/lib/site';

// Built per request from cached data: the build has no database to read.
export const dynamic = 'force-dynamic';

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const articles = await listPublishedArticles();
  return [
    { url: absoluteUrl('/'), changeFrequency: 'hourly' },
    ...articles.map((article) => ({
      url: absoluteUrl(articlePath(article.slug)),
      lastModified: article.updatedAt,
    })),
  ];
}
