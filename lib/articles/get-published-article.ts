import 'server-only';
import { unstable_cache } from 'next/cache';
import { db } from '@/lib/db';
import { articleBodySchema } from './article-body';
import { articleCacheSeconds, articlesTag, articleTag } from './cache-tags';

/** The published article with this slug, or null. Always reads the database. */
export async function findPublishedArticle(slug: string) {
  const row = await db.article.findFirst({
    where: { slug, status: 'PUBLISHED' },
    select: {
      id: true,
      slug: true,
      title: true,
      summary: true,
      body: true,
      wordCount: true,
      readingMinutes: true,
      publishedAt: true,
      updatedAt: true,
      commentCount: true,
      commentsClosedAt: true,
      createdAt: true,
    },
  });
  if (!row) return null;
  // Dates as ISO strings: Next's data cache stores JSON, so a Date would come back as a string anyway.
  return {
    ...row,
    body: articleBodySchema.parse(row.body),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    commentsClosedAt: row.commentsClosedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export type PublishedArticle = NonNullable<Awaited<ReturnType<typeof findPublishedArticle>>>;

/**
 * The same, from Next's data cache: an article view costs no database round
 * trip until the article's tag is revalidated or the entry expires.
 */
export function getPublishedArticle(slug: string): Promise<PublishedArticle | null> {
  return unstable_cache(() => findPublishedArticle(slug), ['published-article', slug], {
    tags: [articlesTag, articleTag(slug)],
    revalidate: articleCacheSeconds,
  })();
}
