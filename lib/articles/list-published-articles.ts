import 'server-only';
import { unstable_cache } from 'next/cache';
import { db } from '@/lib/db';
import { articleCacheSeconds, articleListTag, articlesTag } from './cache-tags';

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
  // Dates as ISO strings: Next's data cache stores JSON.
  return rows.map((row) => ({
    ...row,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  }));
}

export type ArticleListItem = Awaited<ReturnType<typeof findPublishedArticles>>[number];

export const listPublishedArticles = unstable_cache(findPublishedArticles, ['published-articles'], {
  tags: [articlesTag, articleListTag],
  revalidate: articleCacheSeconds,
});
