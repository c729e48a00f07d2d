// Test data and page helpers for the comment thread's end-to-end tests.
//
// Rows are written with `pg` for the same reason as e2e/users.ts (Prisma 7's
// ESM client cannot load in Playwright's CommonJS loader). Comments a test
// needs beforehand (pages of them, a reply under a deleted comment) are
// inserted here, keeping "Article"."commentCount" and the root's "replyCount"
// as the product's commands keep them.
//
// Inserted rows bypass the server actions, so they do not drop Next's data
// cache: the article (with its count) and the anonymous first page may be
// served from the cache for up to five minutes. Tests that read seeded rows do
// so as a signed-in reader (whose thread pages are read fresh), and take
// counts from the database, inTransaction, not from a page that may predate the seed.
import { randomUUID } from 'node:crypto';
import { expect, type Locator, type Page } from '@playwright/test';
import { createUser, database, inTransaction, type TestUser } from './users';

export const articleSlug = 'russia-and-iran-navigating-a-complex-geopolitical-alliance';
export const articlePath = `/articles/${articleSlug}`;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Timestamps are `timestamp(3)` without time zone holding UTC (Prisma's
 * convention): pass ISO strings, whose trailing Z PostgreSQL ignores for that
 * type, so the server's and this process's time zones do not matter.
 */
const utc = (date: Date) => date.toISOString();

/**
 * A reader whose account is two days old, so the established limit applies
 * (one comment per 10 seconds) rather than the new-account one (per 30).
 */
export async function createCommenter(name?: string): Promise<TestUser> {
  const user = await createUser(name ? { name } : {});
  await database().query(`UPDATE "User" SET "createdAt" = $2::timestamp WHERE "id" = $1`, [user.id, utc(new Date(Date.now() - 2 * DAY_MS))]);
  return user;
}

/** Forgets the author's comment rate-limit windows, so a test can post again at once (the limits are tested in lib/). */
export async function clearCommentLimits(userId: string): Promise<void> {
  await database().query(`DELETE FROM "RateLimitBucket" WHERE "key" = ANY($1::text[])`, [[`comment:burst:${userId}`, `comment:hourly:${userId}`]]);
}

let cachedArticleId: string | undefined;
export async function articleId(): Promise<string> {
  if (cachedArticleId) return cachedArticleId;
  const { rows } = await database().query<{ id: string }>(`SELECT "id" FROM "Article" WHERE "slug" = $1`, [articleSlug]);
  const id = rows[0]?.id;
  if (!id) throw new Error(`The seeded article ${articleSlug} is missing from the e2e database.`);
  cachedArticleId = id;
  return id;
}

/** The article's published-comment count as stored (the number the heading shows once fresh). */
export async function storedCommentCount(): Promise<number> {
  const { rows } = await database().query<{ commentCount: number }>(`SELECT "commentCount" FROM "Article" WHERE "slug" = $1`, [articleSlug]);
  return rows[0]?.commentCount ?? 0;
}

export type SeededComment = { id: string; body: string };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * Inserts a published comment (top-level unless `replyTo` is given) and keeps
 * the article's count and the root's reply count in step.
 */
export async function seedComment(
  author: Pick<TestUser, 'id'>,
  body: string,
  options: { createdAt?: Date; replyTo?: { id: string; rootId: string | null; depth: number }; deleted?: boolean } = {},
): Promise<SeededComment & { rootId: string | null; depth: number }> {
  const id = randomUUID();
  const parent = options.replyTo;
  const rootId = parent ? (parent.rootId ?? parent.id) : null;
  const depth = parent ? Math.min(parent.depth + 1, 3) : 1;
  await inTransaction(async (client) => {
    await client.query(
      `INSERT INTO "Comment" ("id", "articleId", "authorId", "replyToId", "rootId", "displayParentId", "depth", "body", "bodyHtml",
                              "status", "idempotencyKey", "deletedAt", "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $4, $6, $7, $8, 'PUBLISHED', $9, CASE WHEN $10 THEN $11::timestamp END, $11::timestamp, $11::timestamp)`,
      [
        id,
        await articleId(),
        author.id,
        parent?.id ?? null,
        rootId,
        depth,
        body,
        `<p>${escapeHtml(body)}</p>`,
        randomUUID(),
        options.deleted ?? false,
        utc(options.createdAt ?? new Date()),
      ],
    );
    // A deleted comment no longer counts (lib/comments/delete-comment.ts decrements).
    if (!options.deleted) {
      await client.query(`UPDATE "Article" SET "commentCount" = "commentCount" + 1 WHERE "id" = $1`, [await articleId()]);
      if (rootId) await client.query(`UPDATE "Comment" SET "replyCount" = "replyCount" + 1 WHERE "id" = $1`, [rootId]);
    }
  });
  return { id, body, rootId, depth };
}

/** `count` top-level comments, one second apart, the last at `newest` (default now). */
export async function seedTopLevelComments(author: Pick<TestUser, 'id'>, prefix: string, count: number, newest = new Date()): Promise<SeededComment[]> {
  const seeded: SeededComment[] = [];
  for (let i = 0; i < count; i++) {
    const createdAt = new Date(newest.getTime() - (count - 1 - i) * 1000);
    seeded.push(await seedComment(author, `${prefix} number ${String(i + 1).padStart(2, '0')}`, { createdAt }));
  }
  return seeded;
}

/** Rows with this exact body, whatever their status: the oracle for "exactly one was made". */
export async function storedCommentsWithBody(body: string): Promise<{ id: string; status: string }[]> {
  const { rows } = await database().query<{ id: string; status: string }>(`SELECT "id", "status" FROM "Comment" WHERE "body" = $1`, [body]);
  return rows;
}

/**
 * Ids of the visible top-level comments on page `pageIndex` (0-based, 20 a
 * page) in oldest-first order, computed independently of the product's keyset
 * cursor, with OFFSET.
 */
export async function oldestFirstPage(pageIndex: number, pageSize = 20): Promise<string[]> {
  const { rows } = await database().query<{ id: string }>(
    `SELECT "id" FROM "Comment"
      WHERE "articleId" = $1 AND "rootId" IS NULL AND "status" = 'PUBLISHED' AND ("deletedAt" IS NULL OR "replyCount" > 0)
      ORDER BY "createdAt", "id" LIMIT $2 OFFSET $3`,
    [await articleId(), pageSize, pageIndex * pageSize],
  );
  return rows.map((row) => row.id);
}

/** Signs in on the sign-in page already open (the article's "Sign in to comment" link, say). */
export async function submitSignIn(page: Page, user: Pick<TestUser, 'email' | 'password'>): Promise<void> {
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** The thread's heading ("N comments"). */
export const threadHeading = (page: Page) => page.locator('#comments-heading');

export const countLabel = (count: number) => `${count.toLocaleString('en-US')} ${count === 1 ? 'comment' : 'comments'}`;

/** The main composer (not a reply form). */
export const composer = (page: Page) => page.getByRole('textbox', { name: 'Share your insight' });

/** A comment's <article>, found by a text unique to its body (replies are outside it, in the next list). */
export function commentWithText(scope: Page | Locator, text: string): Locator {
  // `has` is resolved inside each matched article, so it must be built from the page, not from `scope`.
  const page = 'page' in scope ? scope.page() : scope;
  return scope.locator('article.comment').filter({ has: page.locator('.comment__body', { hasText: text }) });
}

/** Posts through the main composer and waits until the comment is in the thread. */
export async function postComment(page: Page, body: string): Promise<Locator> {
  await composer(page).fill(body);
  await page.getByRole('button', { name: 'Post comment' }).click();
  const posted = commentWithText(page.locator('#comments'), body.split('\n').at(-1) ?? body);
  await expect(posted).toBeVisible();
  await expect(composer(page)).toHaveValue('');
  return posted;
}

/** Ids of the top-level comments in the thread, in page order. */
export async function topLevelCommentIds(page: Page): Promise<string[]> {
  // "Load more" appends its own list beside the first: both are children of the section.
  return page.locator('#comments > ol.comment-list > li > article.comment').evaluateAll((articles) => articles.map((article) => article.id.replace(/^comment-/, '')));
}
