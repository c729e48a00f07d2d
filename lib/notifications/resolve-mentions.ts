import 'server-only';
import { commentPermalink } from '@/lib/comments/comment-permalink';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { mentionedNames } from './mentions';

/**
 * The links a comment's mentions render as: for each name mentioned that
 * belongs to someone with a published comment in this thread, the permalink of
 * their latest one there. One query, and none for a comment without mentions.
 */
export async function resolveMentionLinks(article: { id: string; slug: string }, body: string, client: Prisma.TransactionClient = db): Promise<Map<string, string>> {
  const names = mentionedNames(body);
  if (names.length === 0) return new Map();
  const rows = await client.$queryRaw<{ key: string; commentId: string }[]>`
    SELECT DISTINCT ON (lower(u.name)) lower(u.name) AS key, latest.id AS "commentId"
    FROM "User" u
    CROSS JOIN LATERAL (
      SELECT c.id, c."createdAt" FROM "Comment" c
      WHERE c."authorId" = u.id AND c."articleId" = ${article.id}::uuid AND c.status = 'PUBLISHED' AND c."deletedAt" IS NULL
      ORDER BY c."createdAt" DESC LIMIT 1
    ) latest
    WHERE u."deletedAt" IS NULL AND lower(u.name) = ANY(${names}::text[])
    ORDER BY lower(u.name), latest."createdAt" DESC`;
  return new Map(rows.map((row) => [row.key, commentPermalink(article.slug, row.commentId)]));
}
