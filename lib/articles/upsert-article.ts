import { expireCacheTags } from '@/lib/cache/expire-cache-tags';
import { db } from '@/lib/db';
import { threadChangeTags } from './cache-tags';
import type { ParsedArticle } from './parse-article-markdown';

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Stores a parsed article under its slug. Unchanged content (same source hash)
 * writes nothing, which is what makes seeding idempotent.
 */
export async function upsertArticle(article: ParsedArticle): Promise<UpsertOutcome> {
  const existing = await db.article.findUnique({
    where: { slug: article.slug },
    select: { contentHash: true },
  });
  if (existing?.contentHash === article.contentHash) return 'unchanged';

  const data = {
    title: article.title,
    summary: article.summary,
    body: article.body,
    wordCount: article.wordCount,
    readingMinutes: article.readingMinutes,
    publishedAt: article.publishedAt ?? null,
    status: article.status,
    contentHash: article.contentHash,
  };
  await db.article.upsert({
    where: { slug: article.slug },
    create: { slug: article.slug, ...data },
    update: data,
  });
  // Running app instances drop their copies (and the front page lists it).
  await expireCacheTags(threadChangeTags(article.slug));
  return existing ? 'updated' : 'created';
}

export async function articleExists(slug: string): Promise<boolean> {
  return (await db.article.count({ where: { slug } })) > 0;
}
