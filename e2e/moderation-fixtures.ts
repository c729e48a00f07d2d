// Test data and page helpers for the moderation console's end-to-end tests.
//
// Every test that changes how an article takes comments (pre-moderation,
// closing) does so on an article of its own, inserted here, so the seeded
// article and the other specs sharing the database are unaffected. Rows are
// written with `pg` for the same reason as e2e/users.ts (Prisma 7's ESM client
// cannot load in Playwright's CommonJS loader).
import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from '@playwright/test';
import { uniqueClientAddress } from './fixtures';
import { createUser, database, expireArticleCaches, inTransaction, uniqueTag, type TestUser } from './users';

export type PreModeration = 'NONE' | 'ALL' | 'FIRST_COMMENTS' | 'LINKS';
export type TestArticle = { id: string; slug: string; title: string; path: string };

/**
 * A published article of the test's own (one section, one paragraph), with an
 * optional pre-moderation override. Fresh per test, so nothing is cached for
 * it yet and its queue filter holds only the test's comments.
 */
export async function createArticle(options: { preModeration?: PreModeration } = {}): Promise<TestArticle> {
  const tag = uniqueTag();
  const article = { id: randomUUID(), slug: `moderation-test-${tag}`, title: `Moderation test article ${tag}` };
  const body = {
    intro: [],
    sections: [{ id: 's', title: 'S', paragraphs: [{ id: 's-p1', text: 'Text.', html: 'Text.' }], subsections: [] }],
  };
  await database().query(
    `INSERT INTO "Article" ("id", "slug", "title", "summary", "body", "wordCount", "readingMinutes", "contentHash", "preModeration", "updatedAt")
     VALUES ($1, $2, $3, 'An article for the moderation tests.', $4::jsonb, 1, 1, $5, $6::"PreModeration", now())`,
    [article.id, article.slug, article.title, JSON.stringify(body), `e2e-${tag}`, options.preModeration ?? null],
  );
  await expireArticleCaches();
  return { ...article, path: `/articles/${article.slug}` };
}

export type CommentStatus = 'PUBLISHED' | 'PENDING' | 'REJECTED';
export type SeededComment = { id: string; body: string };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * A top-level comment on `article`, keeping "Article"."commentCount" as the
 * product keeps it (published comments only). `createdAt` orders the pending
 * queue (oldest first).
 */
export async function seedComment(
  article: Pick<TestArticle, 'id'>,
  author: Pick<TestUser, 'id'>,
  body: string,
  options: { status?: CommentStatus; rejectionReason?: string; createdAt?: Date } = {},
): Promise<SeededComment> {
  const id = randomUUID();
  const status = options.status ?? 'PUBLISHED';
  await inTransaction(async (client) => {
    await client.query(
      `INSERT INTO "Comment" ("id", "articleId", "authorId", "depth", "body", "bodyHtml", "status", "rejectionReason", "idempotencyKey", "createdAt", "updatedAt")
       VALUES ($1, $2, $3, 1, $4, $5, $6::"CommentStatus", $7::"ReportReason", $8, $9::timestamp, $9::timestamp)`,
      [
        id,
        article.id,
        author.id,
        body,
        `<p>${escapeHtml(body)}</p>`,
        status,
        status === 'REJECTED' ? (options.rejectionReason ?? 'SPAM') : null,
        randomUUID(),
        (options.createdAt ?? new Date()).toISOString(),
      ],
    );
    if (status === 'PUBLISHED') await client.query(`UPDATE "Article" SET "commentCount" = "commentCount" + 1 WHERE "id" = $1`, [article.id]);
  });
  return { id, body };
}

/** An open appeal against a removed comment, as its author would send it. */
export async function seedAppeal(comment: Pick<SeededComment, 'id'>, author: Pick<TestUser, 'id'>, message: string): Promise<void> {
  await database().query(`INSERT INTO "Appeal" ("id", "commentId", "authorId", "message") VALUES ($1, $2, $3, $4)`, [randomUUID(), comment.id, author.id, message]);
}

export async function storedComment(id: string): Promise<{ status: CommentStatus; rejectionReason: string | null } | null> {
  const { rows } = await database().query<{ status: CommentStatus; rejectionReason: string | null }>(
    `SELECT "status", "rejectionReason" FROM "Comment" WHERE "id" = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function storedCommentsBy(authorId: string): Promise<{ body: string; status: CommentStatus }[]> {
  const { rows } = await database().query<{ body: string; status: CommentStatus }>(
    `SELECT "body", "status" FROM "Comment" WHERE "authorId" = $1 ORDER BY "createdAt"`,
    [authorId],
  );
  return rows;
}

export async function storedAppeal(commentId: string): Promise<{ status: string; message: string } | null> {
  const { rows } = await database().query<{ status: string; message: string }>(`SELECT "status", "message" FROM "Appeal" WHERE "commentId" = $1`, [commentId]);
  return rows[0] ?? null;
}

export async function storedWarning(userId: string): Promise<{ warning: string | null; warningAcknowledgedAt: Date | null }> {
  const { rows } = await database().query<{ warning: string | null; warningAcknowledgedAt: Date | null }>(
    `SELECT "warning", "warningAcknowledgedAt" FROM "User" WHERE "id" = $1`,
    [userId],
  );
  return rows[0] ?? { warning: null, warningAcknowledgedAt: null };
}

export const createModerator = () => createUser({ role: 'MODERATOR', name: `Moderator ${uniqueTag()}` });

/**
 * Another browser (another person), from a client address of its own. Its
 * console errors are collected like the fixture's, and checked by the caller
 * through `expectNoErrors` (or `close`, which checks them too).
 */
export async function openOtherBrowser(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL, extraHTTPHeaders: { 'X-Forwarded-For': uniqueClientAddress() } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return { page, context, errors };
}

/** The moderation queue of one article (the filter keeps other tests' comments out). */
export const queuePath = (queue: 'pending' | 'reported' | 'recent' | 'rejected', article: Pick<TestArticle, 'id'>) =>
  `/moderation?queue=${queue}&article=${article.id}`;

/** A queue item, found by a text unique to its comment. */
export const queueItem = (page: Page, text: string): Locator => page.locator('[data-queue-item]').filter({ hasText: text });

/** The console's notice after an action ("Approved.", "Rejected.", ...). Scoped to <main>: Next's route announcer is also a live region. */
export const consoleNotice = (page: Page) => page.getByRole('main').locator('p.form-message--ok[role="status"]');
export const consoleError = (page: Page) => page.getByRole('main').locator('p.form-message--error[role="alert"]');
