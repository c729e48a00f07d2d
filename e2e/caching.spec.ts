// Caching against the real server (README "Caching"): anonymous readers share
// pages that Next.js renders once and sends with Cache-Control for shared
// caches; Parley's HTTP cache (server/http-cache.ts) answers them from memory;
// signed-in readers get the same page and their own part of it from
// /api/viewer; and every command that changes
// what readers see makes the old page go, whoever runs it (issue 12, finding 2:
// deleted and banned users' words stayed public for ~11 minutes).
import { type APIRequestContext, type Browser, type Page, request as playwrightRequest } from '@playwright/test';
import { articlePath, articleSlug, clearCommentLimits, commentWithText, composer, createCommenter, postComment, seedComment } from './comment-fixtures';
import { expect, test } from './fixtures';
import { createModerator, openOtherBrowser, queueItem } from './moderation-fixtures';
import { accountLink, createUser, expireArticleCaches, signIn, uniqueTag } from './users';

const apiPath = `/api${articlePath}/comments`;

/** An anonymous reader with no cookies at all, as a crawler or a CDN sees the site. */
async function anonymousReader(baseURL: string | undefined): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL });
}

/** The anonymous article page, read until it is a cache hit (the first read renders it). */
async function cachedArticle(anonymous: APIRequestContext): Promise<string> {
  await anonymous.get(articlePath);
  const hit = await anonymous.get(articlePath);
  expect(hit.headers()['x-parley-cache']).toBe('HIT');
  return hit.text();
}

/** Within 2 s of a command, no anonymous reader sees `gone` any more (and, if given, sees `now`). */
async function expectAnonymousPageWithin2s(anonymous: APIRequestContext, { gone, now }: { gone: string; now?: string }) {
  await expect
    .poll(
      async () => {
        const page = await (await anonymous.get(articlePath)).text();
        const api = await (await anonymous.get(apiPath)).text();
        return !page.includes(gone) && !api.includes(gone) && (now === undefined || (page.includes(now) && api.includes(now)));
      },
      { timeout: 2000, intervals: [100] },
    )
    .toBe(true);
}

test('an anonymous reader’s next view of an article and of its comments API comes from the cache, with headers a CDN can use', async ({ request }) => {
  for (const path of [articlePath, apiPath]) {
    await request.get(path);
    const second = await request.get(path, { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(second.status()).toBe(200);
    expect(second.headers()['x-parley-cache']).toBe('HIT');
    expect(second.headers()['content-encoding']).toBe('br');
    expect(second.headers()['cache-control']).toMatch(/s-maxage=\d+, stale-while-revalidate=\d+/);
    expect(second.headers()['cache-tag']?.split(',')).toContain(`article:${articleSlug}`);
    expect(second.headers()['surrogate-key']?.split(' ')).toContain(`article:${articleSlug}`);
  }
  // The security headers of next.config.js come with cached pages too.
  const cached = await request.get(articlePath);
  expect(cached.headers()['x-frame-options']).toBe('DENY');
  expect(cached.headers()['x-content-type-options']).toBe('nosniff');
});

test('a signed-in reader gets the shared cached page, and their own part of it from /api/viewer', async ({ page }) => {
  const reader = await createCommenter();
  const own = await seedComment(reader, `Mine to edit ${uniqueTag()}`);
  await expireArticleCaches();
  await signIn(page, reader);
  await page.goto(articlePath);
  const response = await page.goto(articlePath);
  // The same bytes as every reader's: from the HTTP cache, shareable, with no one's menu in them.
  expect(response?.headers()['x-parley-cache']).toBe('HIT');
  expect(response?.headers()['cache-control']).toMatch(/s-maxage=\d+/);
  expect(await response?.text()).not.toContain('Sign out');
  // Filled in by the browser: the header, the composer, and the buttons of their own comment.
  await expect(accountLink(page, reader.name)).toBeVisible();
  await expect(composer(page)).toBeVisible();
  const mine = commentWithText(page.locator('#comments'), own.body);
  await expect(mine.locator('summary', { hasText: 'Edit' })).toBeVisible();
  await expect(mine.locator('summary', { hasText: 'Delete' })).toBeVisible();
  await expect(mine.locator('summary', { hasText: 'Report' })).toHaveCount(0);

  const viewer = await page.request.get(`/api/viewer?article=${articleSlug}`);
  expect(viewer.headers()['cache-control']).toBe('private, no-store');
  expect(await viewer.json()).toMatchObject({ signedIn: true, name: reader.name, thread: { slug: articleSlug, canPost: true, own: [{ id: own.id }] } });
  const api = await page.request.get(apiPath);
  expect(api.headers()['cache-control']).toBe('private, no-store');
});

test('/api/viewer tells an anonymous browser it is signed out, and takes a malformed article for none', async ({ baseURL }) => {
  const anonymous = await anonymousReader(baseURL);
  try {
    const answer = await anonymous.get('/api/viewer?article=%3Cscript%3E');
    expect(answer.status()).toBe(200);
    expect(answer.headers()['cache-control']).toBe('private, no-store');
    expect(await answer.json()).toEqual({ signedIn: false });
  } finally {
    await anonymous.dispose();
  }
});

test('made-up query values are the default page: 400 of them leave one cached page, still a hit', async ({ baseURL }) => {
  const anonymous = await anonymousReader(baseURL);
  try {
    await cachedArticle(anonymous);
    for (let i = 0; i < 100; i++) {
      const responses = await Promise.all([
        anonymous.get(`${articlePath}?utm_source=${i}`),
        anonymous.get(`${articlePath}?sort=made-up-${i}`),
        anonymous.get(`${articlePath}?cursor=made-up-${i}`),
        anonymous.get(`${apiPath}?cursor=made-up-${i}`),
      ]);
      expect(responses.map((response) => response.status())).toEqual([200, 200, 200, 400]);
      // The article page (any made-up value is the default page) comes from the cache...
      for (const response of responses.slice(0, 3)) expect(response.headers()['x-parley-cache']).toBe('HIT');
      // ...and the API refuses a cursor this server never handed out, and nothing stores the answer.
      expect(responses[3]?.headers()['cache-control']).toBe('no-store');
    }
    expect((await anonymous.get(articlePath)).headers()['x-parley-cache']).toBe('HIT');
  } finally {
    await anonymous.dispose();
  }
});

test('a new comment is on the very next anonymous view, with no wait', async ({ page, baseURL }) => {
  const anonymous = await anonymousReader(baseURL);
  try {
    await cachedArticle(anonymous);
    const reader = await createCommenter();
    await clearCommentLimits(reader.id);
    await signIn(page, reader);
    await page.goto(articlePath);
    const text = `Fresh for everyone ${uniqueTag()}`;
    await postComment(page, text);

    // No polling: the post expired the cached page before it answered.
    const next = await anonymous.get(articlePath);
    expect(next.headers()['x-parley-cache']).toBe('MISS');
    expect(await next.text()).toContain(text);
    expect(await (await anonymous.get(apiPath)).text()).toContain(text);
  } finally {
    await anonymous.dispose();
  }
});

test('the new comment shows under the composer at once, and in its place in the thread after a reload', async ({ page }) => {
  const reader = await createCommenter();
  await signIn(page, reader);
  await page.goto(`${articlePath}?sort=newest`);
  const text = `Placed at once ${uniqueTag()}`;
  const posted = await postComment(page, text);
  await expect(page.getByRole('list', { name: 'Your new comments' })).toContainText(text);
  await expect(posted.locator('.comment__author')).toHaveText(reader.name);

  await page.reload();
  await expect(page.getByRole('list', { name: 'Your new comments' })).toHaveCount(0);
  await expect(commentWithText(page.locator('#comments'), text)).toHaveCount(1);
});

test.describe('every command that changes what readers see takes the old page down within 2 s', () => {
  let anonymous: APIRequestContext;
  test.beforeEach(async ({ baseURL }) => {
    anonymous = await anonymousReader(baseURL);
  });
  test.afterEach(async () => {
    await anonymous.dispose();
  });

  /** A reader with a published comment that anonymous readers see on the cached page. */
  async function readerOnTheCachedPage(name: string) {
    const reader = await createUser({ name });
    const comment = await seedComment(reader, `Words worth caching ${uniqueTag()}`);
    await expect.poll(async () => (await cachedArticle(anonymous)).includes(comment.body)).toBe(true);
    return { reader, comment };
  }

  async function asOther(browser: Browser, baseURL: string | undefined, user: Parameters<typeof signIn>[1], work: (page: Page) => Promise<void>) {
    const other = await openOtherBrowser(browser, baseURL);
    try {
      await signIn(other.page, user);
      await work(other.page);
    } finally {
      await other.context.close();
    }
  }

  test('an account deletion: the words and the name go', async ({ page }) => {
    const name = `Leaving Reader ${uniqueTag()}`;
    const { reader, comment } = await readerOnTheCachedPage(name);
    await signIn(page, reader);
    await page.goto('/account');
    await page.getByLabel('Type DELETE to confirm').fill('DELETE');
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await expectAnonymousPageWithin2s(anonymous, { gone: comment.body });
    await expectAnonymousPageWithin2s(anonymous, { gone: name });
  });

  test('a ban that also rejects all their comments: the words go', async ({ browser, baseURL }) => {
    const { reader, comment } = await readerOnTheCachedPage(`Banned Reader ${uniqueTag()}`);
    const moderator = await createModerator();
    await asOther(browser, baseURL, moderator, async (console) => {
      await console.goto(`/moderation?queue=recent&author=${encodeURIComponent(reader.email)}`);
      const item = queueItem(console, comment.body);
      await item.locator('summary', { hasText: `Act on ${reader.name}` }).click();
      await item.getByRole('textbox', { name: 'Ban reason' }).fill('Spam campaign');
      await item.getByRole('checkbox', { name: 'also reject all their comments' }).check();
      await item.getByRole('button', { name: 'Ban', exact: true }).click();
      await expect(console.getByRole('main').locator('p.form-message--ok[role="status"]')).toContainText('Banned');
    });
    await expectAnonymousPageWithin2s(anonymous, { gone: comment.body });
  });

  test('a rename: the old name goes, the new one shows', async ({ page }) => {
    const oldName = `Old Name ${uniqueTag()}`;
    const { reader } = await readerOnTheCachedPage(oldName);
    await signIn(page, reader);
    await page.goto('/account');
    const newName = `New Name ${uniqueTag()}`;
    await page.getByRole('textbox', { name: 'Display name' }).fill(newName);
    await page.getByRole('button', { name: 'Save display name' }).click();
    await expect(accountLink(page, newName)).toBeVisible();
    await expectAnonymousPageWithin2s(anonymous, { gone: oldName, now: newName });
  });

  test('a role change: the staff badge shows beside their comments', async ({ browser, baseURL }) => {
    const name = `Soon Staff ${uniqueTag()}`;
    const { reader } = await readerOnTheCachedPage(name);
    const badgeOf = (html: string) => html.includes(`${name}</span><span class="badge badge--staff">`);
    expect(badgeOf(await cachedArticle(anonymous))).toBe(false);
    const admin = await createUser({ role: 'ADMIN', name: `Admin ${uniqueTag()}` });
    await asOther(browser, baseURL, admin, async (adminPage) => {
      await adminPage.goto(`/admin?q=${encodeURIComponent(reader.email)}`);
      await adminPage.getByRole('button', { name: `Make ${reader.name} a moderator` }).click();
      await expect(adminPage.getByRole('status')).toHaveText('The user is now a moderator.');
    });
    await expect.poll(async () => badgeOf(await (await anonymous.get(articlePath)).text()), { timeout: 2000, intervals: [100] }).toBe(true);
  });
});
