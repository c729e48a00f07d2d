import 'server-only';
import { cacheLife, cacheTag } from 'next/cache';
import { db } from '@/lib/db';
import { articleBodySchema } from './article-body';
import { articleCacheLife, articlesTag, articleTag } from './cache-tags';
import { articleSlugSchema } from './schema';

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

async function cachedPublishedArticle(slug: string): Promise<PublishedArticle | null> {
  'use cache';
  cacheLife(articleCacheLife);
  cacheTag(articlesTag, articleTag(slug));
  return findPublishedArticle(slug);
}

/**
 * The same from the data cache ('use cache'): an article view costs no
 * database round trip until the article's tag expires. The slug comes from a
 * URL: anything that is not a well-formed slug is null before it can become
 * a cache key.
 */
export async function getPublishedArticle(rawSlug: string): Promise<PublishedArticle | null> {
  const slug = articleSlugSchema.safeParse(rawSlug);
  return slug.success ? cachedPublishedArticle(slug.data) : null;
}
