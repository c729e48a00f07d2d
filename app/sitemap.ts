import { connection } from 'next/server';
import type { MetadataRoute } from 'next';
import { listPublishedArticles } from '@/lib/articles/list-published-articles';
import { absoluteUrl, articlePath } from '@/lib/site';

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  // Built per request from cached data: the build has no database to read.
  await connection();
  const articles = await listPublishedArticles();
  return [
    { url: absoluteUrl('/'), changeFrequency: 'hourly' },
    ...articles.map((article) => ({
      url: absoluteUrl(articlePath(article.slug)),
      lastModified: article.updatedAt,
    })),
  ];
}
