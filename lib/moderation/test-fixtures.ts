// Fixtures for the moderation tests: real rows, real actors (resolved through
// the session check), the site policy set and put back. Nothing is mocked.
import { randomUUID } from 'node:crypto';
import { resolveSessionUser, type CurrentUser } from '@/lib/auth/current-user';
import { openSession } from '@/lib/auth/session-records';
import { createActor, post } from '@/lib/comments/test-fixtures';
import { db } from '@/lib/db';
import type { Prisma, ReportReason } from '@/lib/generated/prisma/client';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Sets the site policy directly (not through the audited command: the tests of that command do that). */
export async function setPolicy(data: Prisma.ModerationPolicyUpdateInput): Promise<void> {
  await db.moderationPolicy.upsert({ where: { id: 1 }, create: { id: 1 }, update: data });
  await db.moderationPolicy.update({ where: { id: 1 }, data });
}

/** The migration's policy: the other test files post under it. */
export async function resetPolicy(): Promise<void> {
  await setPolicy({ preModeration: 'NONE', firstCommentsThreshold: 1, bannedWords: [], suspectWords: [], autoCloseDays: null });
}

export const createModerator = () => createActor({ role: 'MODERATOR', name: 'Test Moderator' });
export const createAdmin = () => createActor({ role: 'ADMIN', name: 'Test Admin' });

/** The actor as the session check sees them now (after a command changed their row), signed in again if that ended their session. */
export async function reload(actor: CurrentUser): Promise<CurrentUser> {
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { id: true, sessionVersion: true } });
  const fresh = (await resolveSessionUser({ sub: actor.id, sv: actor.sessionVersion, sid: actor.sessionId })) ?? (await resolveSessionUser(await openSession(user)));
  if (!fresh) throw new Error('actor no longer resolves');
  return fresh;
}

/** A comment in the given status, posted through the real command and then set aside by a direct write when needed. */
export async function commentWithStatus(
  author: CurrentUser,
  articleId: string,
  status: 'PUBLISHED' | 'PENDING' | 'REJECTED',
  options: { body?: string; replyToId?: string; rejectionReason?: ReportReason } = {},
) {
  const posted = await post(author, articleId, { body: options.body, replyToId: options.replyToId });
  if (posted.status !== 'PUBLISHED') throw new Error(`expected the site policy to publish, got ${posted.status}`);
  if (status !== 'PUBLISHED') {
    // As if it had been held or rejected: keep the denormalised counts as the commands would.
    const row = await db.comment.update({
      where: { id: posted.id },
      data: { status, ...(status === 'REJECTED' && { rejectionReason: options.rejectionReason ?? 'SPAM' }) },
      select: { rootId: true },
    });
    await db.article.update({ where: { id: articleId }, data: { commentCount: { decrement: 1 } } });
    if (row.rootId) await db.comment.update({ where: { id: row.rootId }, data: { replyCount: { decrement: 1 } } });
  }
  return posted.id;
}

/** Open reports on a comment by fresh readers. */
export async function reportTimes(commentId: string, times: number, reason: ReportReason = 'SPAM'): Promise<void> {
  for (let i = 0; i < times; i++) {
    const reporter = await createActor();
    await db.commentReport.create({ data: { commentId, reporterId: reporter.id, reason } });
  }
}

/** Every audit entry about one target, oldest first. */
export const auditOf = (targetId: string) => db.auditLog.findMany({ where: { targetId }, orderBy: { id: 'asc' } });

export const counts = async (articleId: string, rootId?: string) => ({
  article: (await db.article.findUniqueOrThrow({ where: { id: articleId }, select: { commentCount: true } })).commentCount,
  replies: rootId ? (await db.comment.findUniqueOrThrow({ where: { id: rootId }, select: { replyCount: true } })).replyCount : undefined,
});

export const uniqueWord = () => `w${randomUUID().replace(/-/g, '').slice(0, 10)}`;
