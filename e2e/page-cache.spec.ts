// The page cache in front of Next.js (server/page-cache.ts), against the real
// server: anonymous readers share cached pages, signed-in readers never get
// one, and a change is visible on the very next anonymous view.
import { request as playwrightRequest } from '@playwright/test';
import { articlePath, clearCommentLimits, commentWithText, composer, createCommenter, postComment } from './comment-fixtures';
import { expect, test } from './fixtures';
import { accountLink, signIn, uniqueTag } from './users';

const apiPath = `/api${articlePath}/comments`;

test('an anonymous reader’s next view of an article, and of its comments API, comes from the page cache, compressed', async ({ request }) => {
  for (const path of [articlePath, apiPath]) {
    await request.get(path);
    const second = await request.get(path, { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(second.status()).toBe(200);
    expect(second.headers()['x-parley-cache']).toBe('HIT');
    expect(second.headers()['content-encoding']).toBe('br');
  }
  // The security headers of next.config.js come with cached pages too.
  const cached = await request.get(articlePath);
  expect(cached.headers()['x-frame-options']).toBe('DENY');
  expect(cached.headers()['x-content-type-options']).toBe('nosniff');
});

test('a signed-in reader is never served a cached page', async ({ page }) => {
  const reader = await createCommenter();
  await signIn(page, reader);
  const response = await page.goto(articlePath);
  expect(response?.headers()['x-parley-cache']).toBeUndefined();
  await expect(accountLink(page, reader.name)).toBeVisible();
  await expect(composer(page)).toBeVisible();
});

test('a new comment is on the very next anonymous view, with no wait', async ({ page, baseURL }) => {
  const anonymous = await playwrightRequest.newContext({ baseURL });
  try {
    await anonymous.get(articlePath);
    expect((await anonymous.get(articlePath)).headers()['x-parley-cache']).toBe('HIT');

    const reader = await createCommenter();
    await clearCommentLimits(reader.id);
    await signIn(page, reader);
    await page.goto(articlePath);
    const text = `Fresh for everyone ${uniqueTag()}`;
    await postComment(page, text);

    // No polling: the post purged the cached page before it answered.
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
