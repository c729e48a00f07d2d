import 'server-only';
import { cacheLife, cacheTag } from 'next/cache';
import { db } from '@/lib/db';
import { articleCacheLife, articleListTag, articlesTag } from './cache-tags';

/** Published articles, newest first: by stated publication date, else by when they were added. */
export async function findPublishedArticles() {
  const rows = await db.article.findMany({
    where: { status: 'PUBLISHED' },
    orderBy: [{ publishedAt: { sort: 'desc', nulls: 'last' } }, { createdAt: 'desc' }],
    select: {
      slug: true,
      title: true,
      summary: true,
      readingMinutes: true,
      publishedAt: true,
      updatedAt: true,
      commentCount: true,
    },
    take: 200,
  });
  return rows.map((row) => ({
    ...row,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  }));
}

export type ArticleListItem = Awaited<ReturnType<typeof findPublishedArticles>>[number];

/** The same from the data cache; expired with the article list's tag. */
export async function listPublishedArticles(): Promise<ArticleListItem[]> {
  'use cache';
  cacheLife(articleCacheLife);
  cacheTag(articlesTag, articleListTag);
  return findPublishedArticles();
}
