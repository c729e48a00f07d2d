import 'server-only';
import { articleListTag, articleTag } from '@/lib/articles/cache-tags';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';

/**
 * The cache tags of every article page that shows something of this user's:
 * their comments (name, badge, text) and replies naming them. What a rename,
 * a role change, a ban or an account deletion makes stale.
 */
export async function cacheTagsOfPagesShowing(userId: string, client: Prisma.TransactionClient = db): Promise<string[]> {
  const articles = await client.article.findMany({ where: { comments: { some: { authorId: userId } } }, select: { slug: true } });
  return articles.length === 0 ? [] : [...articles.map((article) => articleTag(article.slug)), articleListTag];
}
