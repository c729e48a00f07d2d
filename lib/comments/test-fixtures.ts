// Fixtures for the comment thread's integration tests: real rows through the
// real client, real actors through the real session check. Nothing is mocked.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { ArticleBody } from '@/lib/articles/article-body';
import { resolveSessionUser, type CurrentUser } from '@/lib/auth/current-user';
import { openSession } from '@/lib/auth/session-records';
import { createTestUser } from '@/lib/auth/test-users';
import { db } from '@/lib/db';
import { DomainError, type DomainErrorCode } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import { postCommentAs } from './post-comment';
import { postCommentSchema } from './schema';

const DAY_MS = 24 * 60 * 60 * 1000;

export const QUOTABLE_PARAGRAPH_ID = 'opening-p1';

const articleBody: ArticleBody = {
  intro: [],
  sections: [
    {
      id: 'opening',
      title: 'Opening',
      paragraphs: [{ id: QUOTABLE_PARAGRAPH_ID, text: 'A paragraph worth quoting.', html: 'A paragraph worth quoting.' }],
      subsections: [],
    },
  ],
};

/** A published article of its own for each test, so counts start at zero. */
export async function createTestArticle(overrides: Partial<Prisma.ArticleCreateInput> = {}) {
  const slug = `comments-test-${randomUUID()}`;
  return db.article.create({
    data: {
      slug,
      title: 'A thread to test',
      summary: 'An article the comment tests write under.',
      body: articleBody,
      wordCount: 4,
      readingMinutes: 1,
      contentHash: randomUUID(),
      ...overrides,
    },
  });
}

/**
 * A signed-in user (a real session) as the session check resolves them. `established` (the default)
 * backdates the account past the new-account day, for the looser limits.
 */
export async function createActor(options: { established?: boolean } & Partial<Prisma.UserCreateInput> = {}): Promise<CurrentUser> {
  const { established = true, ...overrides } = options;
  const user = await createTestUser({
    ...(established && { createdAt: new Date(Date.now() - 2 * DAY_MS) }),
    ...overrides,
  });
  const actor = await resolveSessionUser(await openSession(user));
  if (!actor) throw new Error('test actor did not resolve to a session user');
  return actor;
}

/** Forgets the author's comment rate-limit windows, so a test can post again at once. */
export async function clearCommentLimits(userId: string): Promise<void> {
  await db.rateLimitBucket.deleteMany({ where: { key: { in: [`comment:burst:${userId}`, `comment:hourly:${userId}`] } } });
}

/** The form's input as the server action parses it: a unique body and idempotency key unless given. */
export function commentInput(articleId: string, input: { body?: string; replyToId?: string; idempotencyKey?: string; quotedParagraphId?: string } = {}) {
  return postCommentSchema.parse({
    articleId,
    body: input.body ?? `A considered remark ${randomUUID()}`,
    replyToId: input.replyToId,
    quotedParagraphId: input.quotedParagraphId,
    idempotencyKey: input.idempotencyKey ?? randomUUID(),
  });
}

/** Posts through the real command, first clearing the author's rate limits (for tests about something else). */
export async function post(actor: CurrentUser, articleId: string, input: Parameters<typeof commentInput>[1] = {}) {
  await clearCommentLimits(actor.id);
  return postCommentAs(actor, commentInput(articleId, input));
}

/** The DomainError a promise rejects with; fails the test if it resolves or throws anything else. */
export async function refusal(promise: Promise<unknown>, code?: DomainErrorCode): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, 'expected a DomainError refusal').toBeInstanceOf(DomainError);
  const domainError = error as DomainError;
  if (code) expect(domainError.code, domainError.message).toBe(code);
  return domainError;
}

/**
 * Top-level comments inserted in bulk (read-path tests), keeping the
 * article's denormalised commentCount in step as the commands would.
 */
export async function insertTopLevelComments(
  articleId: string,
  authorId: string,
  rows: { createdAt: Date; insightfulCount?: number; status?: 'PUBLISHED' | 'PENDING' | 'REJECTED' }[],
): Promise<string[]> {
  const data = rows.map((row) => ({
    id: randomUUID(),
    articleId,
    authorId,
    depth: 1,
    body: `Bulk comment ${randomUUID()}`,
    bodyHtml: '<p>Bulk comment</p>',
    status: row.status ?? 'PUBLISHED',
    insightfulCount: row.insightfulCount ?? 0,
    idempotencyKey: randomUUID(),
    createdAt: row.createdAt,
  }));
  await db.comment.createMany({ data });
  const published = data.filter((row) => row.status === 'PUBLISHED').length;
  await db.article.update({ where: { id: articleId }, data: { commentCount: { increment: published } } });
  return data.map((row) => row.id);
}

/** Published replies to a top-level comment inserted in bulk, keeping replyCount and commentCount in step. */
export async function insertReplies(root: { id: string; articleId: string }, authorId: string, count: number, startAt: Date): Promise<string[]> {
  const data = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    articleId: root.articleId,
    authorId,
    replyToId: root.id,
    rootId: root.id,
    displayParentId: root.id,
    depth: 2,
    body: `Bulk reply ${randomUUID()}`,
    bodyHtml: '<p>Bulk reply</p>',
    status: 'PUBLISHED' as const,
    idempotencyKey: randomUUID(),
    createdAt: new Date(startAt.getTime() + i * 1000),
  }));
  await db.comment.createMany({ data });
  await db.comment.update({ where: { id: root.id }, data: { replyCount: { increment: count } } });
  await db.article.update({ where: { id: root.articleId }, data: { commentCount: { increment: count } } });
  return data.map((row) => row.id);
}

export const viewerOfActor = (actor: CurrentUser) => ({ id: actor.id, role: actor.role });
