import 'server-only';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { db } from '@/lib/db';
import { DomainError, parseInput } from '@/lib/errors';
import { articleIdSchema } from './schema';

/**
 * "Follow this thread": the reader hears of new top-level comments on the
 * article (FOLLOWED_THREAD, in the app by default). Following twice is
 * following; unfollowing what one does not follow is a no-op.
 */
export async function setThreadFollowAs(actor: CurrentUser | null, rawInput: { articleId: string }, follow: boolean): Promise<{ following: boolean }> {
  const reader = authorize(actor, 'read-own-account');
  const { articleId } = parseInput(articleIdSchema, rawInput);
  if (!follow) {
    await db.threadFollow.deleteMany({ where: { userId: reader.id, articleId } });
    return { following: false };
  }
  const article = await db.article.findFirst({ where: { id: articleId, status: 'PUBLISHED' }, select: { id: true } });
  if (!article) throw new DomainError('NOT_FOUND', 'That article does not exist.');
  await db.threadFollow.upsert({ where: { userId_articleId: { userId: reader.id, articleId } }, create: { userId: reader.id, articleId }, update: {} });
  return { following: true };
}

/** Whether this reader follows the article's thread (the viewer's part of the page; never cached). */
export async function isFollowingThread(userId: string, articleId: string): Promise<boolean> {
  return (await db.threadFollow.count({ where: { userId, articleId } })) > 0;
}

export const setThreadFollow = withCurrentUser(setThreadFollowAs);
