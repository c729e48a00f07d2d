import { cacheLife, cacheTag } from 'next/cache';
import { articleCacheLife, policyTag } from '@/lib/articles/cache-tags';
import { db } from '@/lib/db';
import type { PreModeration, Prisma } from '@/lib/generated/prisma/client';

export const policySelect = {
  preModeration: true,
  firstCommentsThreshold: true,
  bannedWords: true,
  suspectWords: true,
  autoCloseDays: true,
  requireVerifiedEmail: true,
  updatedAt: true,
} satisfies Prisma.ModerationPolicySelect;

export type ModerationPolicy = Prisma.ModerationPolicyGetPayload<{ select: typeof policySelect }>;

/** The site's moderation settings (one row, created by the migration; recreated if missing). */
export async function getModerationPolicy(client: Prisma.TransactionClient = db): Promise<ModerationPolicy> {
  // Read on every post: a plain read, and the upsert (a write) only if the row is missing.
  const policy = await client.moderationPolicy.findUnique({ where: { id: 1 }, select: policySelect });
  return policy ?? client.moderationPolicy.upsert({ where: { id: 1 }, create: { id: 1 }, update: {}, select: policySelect });
}

/** What article pages need of the policy, from the data cache (read on every view); expired when it changes. */
export async function getCachedModerationPolicy(): Promise<Pick<ModerationPolicy, 'autoCloseDays'>> {
  'use cache';
  cacheLife(articleCacheLife);
  cacheTag(policyTag);
  return { autoCloseDays: (await getModerationPolicy()).autoCloseDays };
}

/** Whether an article's thread is closed: by a moderator, or by the auto-close policy. */
export function threadClosed(
  article: { commentsClosedAt: Date | null; createdAt: Date; publishedAt: Date | null },
  policy: Pick<ModerationPolicy, 'autoCloseDays'>,
  now = Date.now(),
): boolean {
  if (article.commentsClosedAt) return true;
  if (policy.autoCloseDays === null) return false;
  const opened = (article.publishedAt ?? article.createdAt).getTime();
  return now > opened + policy.autoCloseDays * 24 * 60 * 60 * 1000;
}

export const preModerationLabels: Record<PreModeration, string> = {
  NONE: 'Publish at once',
  ALL: 'Hold every comment',
  FIRST_COMMENTS: 'Hold first comments of new commenters',
  LINKS: 'Hold comments with links',
};
