// Test data for the end-to-end tests: real rows in the e2e database, one set
// per test. Written with `pg` rather than lib/db: Prisma 7's generated client is
// ESM with `import.meta`, which Playwright's CommonJS test loader cannot run
// (`exports is not defined in ES module scope`). Passwords are hashed by the
// app's own lib/auth/password.ts, so they are checked exactly as in production.
import { randomBytes, randomUUID } from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import pg from 'pg';
import { hashPassword } from '../lib/auth/password';

export type Role = 'READER' | 'MODERATOR' | 'ADMIN';
export type TestUser = { id: string; name: string; email: string; password: string; role: Role };

let pool: pg.Pool | undefined;
/** The e2e database, for fixtures that create what a test needs (Prisma's client does not load in Playwright's loader). */
export function database(): pg.Pool {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is not set: run the end-to-end tests with `npm run test:e2e`.');
  // allowExitOnIdle: the worker process may end without closing the pool first.
  pool ??= new pg.Pool({ connectionString, max: 2, allowExitOnIdle: true });
  return pool;
}

/**
 * Tells the app its cached article pages and data are stale, as another app
 * instance does after a change (lib/cache/tag-expiry.mjs): fixtures write
 * behind the app's back, and anonymous pages are cached until their tags expire.
 */
export async function expireArticleCaches(): Promise<void> {
  const tags = ['articles', 'article-list'];
  await database().query(
    `WITH recorded AS (
       INSERT INTO "CacheTagExpiry" (tag, "expiredAt") SELECT unnest($1::text[]), now()
       ON CONFLICT (tag) DO UPDATE SET "expiredAt" = excluded."expiredAt" RETURNING 1)
     SELECT pg_notify('parley_cache_tags', $2) FROM (SELECT count(*) FROM recorded) AS done`,
    [tags, JSON.stringify({ origin: 'e2e-fixtures', tags })],
  );
}

/** Runs `work` in one transaction on the e2e database (rolled back if it throws); cached article pages are then expired. */
export async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await database().connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    await expireArticleCaches();
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/** A short random tag that keeps names and addresses unique per test. */
export function uniqueTag(): string {
  return randomBytes(4).toString('hex');
}

export function uniqueEmail(prefix = 'reader'): string {
  return `${prefix}-${uniqueTag()}@example.test`;
}

/** A password that passes the sign-up rules (length, not a common password). */
export function strongPassword(): string {
  return `quiet harbour ${uniqueTag()} lantern`;
}

/** Creates a password account directly in the database. */
export async function createUser(options: { role?: Role; name?: string; email?: string; emailVerifiedByProvider?: boolean } = {}): Promise<TestUser> {
  const tag = uniqueTag();
  const user: TestUser = {
    id: randomUUID(),
    name: options.name ?? `Reader ${tag}`,
    email: (options.email ?? `reader-${tag}@example.test`).toLowerCase(),
    password: strongPassword(),
    role: options.role ?? 'READER',
  };
  // id and updatedAt are filled in by Prisma, not by column defaults.
  await database().query(
    `INSERT INTO "User" ("id", "name", "email", "passwordHash", "role", "emailVerified", "updatedAt")
     VALUES ($1, $2, $3, $4, $5::"Role", CASE WHEN $6 THEN now() END, now())`,
    [user.id, user.name, user.email, await hashPassword(user.password), user.role, options.emailVerifiedByProvider ?? false],
  );
  return user;
}

export type StoredUser = {
  id: string;
  name: string;
  email: string;
  role: Role;
  emailVerified: Date | null;
  passwordHash: string | null;
  deletedAt: Date | null;
  providers: string[];
};

/** The user row for an address (and its linked sign-in providers), or null. */
export async function findUserByEmail(email: string): Promise<StoredUser | null> {
  const { rows } = await database().query<StoredUser>(
    `SELECT u."id", u."name", u."email", u."role", u."emailVerified", u."passwordHash", u."deletedAt",
            COALESCE(array_agg(a."provider") FILTER (WHERE a."provider" IS NOT NULL), '{}') AS "providers"
       FROM "User" u LEFT JOIN "Account" a ON a."userId" = u."id"
      WHERE u."email" = $1
      GROUP BY u."id"`,
    [email.toLowerCase()],
  );
  return rows[0] ?? null;
}

export async function findUserById(id: string): Promise<StoredUser | null> {
  const { rows } = await database().query<{ email: string }>(`SELECT "email" FROM "User" WHERE "id" = $1`, [id]);
  return rows[0] ? findUserByEmail(rows[0].email) : null;
}

/** Signs in through the form on /signin (optionally with a callbackUrl already in the address). */
export async function signIn(page: Page, user: Pick<TestUser, 'email' | 'password'>, path = '/signin'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  // Done when the server action has answered (and set the cookie), so the
  // caller may navigate straight away.
  await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/signin'),
    page.getByRole('button', { name: 'Sign in', exact: true }).click(),
  ]);
}

/** The header's link to the account page, which shows the signed-in user's name. */
export function accountLink(page: Page, name: string) {
  return page.getByRole('banner').getByRole('link', { name: `${name} (your account)`, exact: true });
}

export async function expectSignedInAs(page: Page, name: string): Promise<void> {
  await expect(accountLink(page, name)).toBeVisible();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true })).toHaveCount(0);
}

export async function expectSignedOut(page: Page): Promise<void> {
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(page.getByRole('banner').getByRole('button', { name: 'Sign out' })).toHaveCount(0);
}
