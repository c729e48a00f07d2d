// The comment thread end to end: reading, writing, reacting, reporting, live
// updates, permalinks, pages, sorting, sanitizing, quoting and accessibility,
// in Chromium against the production build and a real database. Every test
// makes its own readers and asserts on its own texts: the tests share one
// database, and one article.
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import {
  articlePath,
  clearCommentLimits,
  commentWithText,
  composer,
  countLabel,
  createCommenter,
  oldestFirstPage,
  postComment,
  seedComment,
  seedTopLevelComments,
  storedCommentCount,
  storedCommentsWithBody,
  submitSignIn,
  threadHeading,
  topLevelCommentIds,
} from './comment-fixtures';
import { expect, isComposerRefusal, test, uniqueClientAddress } from './fixtures';
import { signIn, uniqueTag, type TestUser } from './users';

/** A remark with a tag no other test (or run) uses. */
const remark = (what: string) => `${what} ${uniqueTag()}${uniqueTag()}`;

/** Signs in, then opens the article. */
async function openArticleAs(page: Page, user: TestUser, path = articlePath): Promise<void> {
  await signIn(page, user);
  await page.goto(path);
}

/**
 * Another browser (another reader), from a client address of its own. Its
 * console errors are collected like the fixture's, and checked by the caller.
 */
async function openOtherBrowser(
  browser: Browser,
  baseURL: string | undefined,
  options: { javaScriptEnabled?: boolean; storageState?: Awaited<ReturnType<BrowserContext['storageState']>> } = {},
) {
  const context = await browser.newContext({ baseURL, extraHTTPHeaders: { 'X-Forwarded-For': uniqueClientAddress() }, ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !isComposerRefusal(message.text(), message.location().url)) errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return { page, errors, close: () => context.close() };
}

/** Resolves when a server action posted from the article page has answered. */
const actionAnswered = (page: Page) => page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === articlePath);

/** The <li> of a comment: its replies are nested inside it. */
const threadOf = (page: Page, commentId: string) =>
  page
    .locator('li.comment-node')
    .filter({ has: page.locator(`article[id="comment-${commentId}"]`) })
    .first();
const idOf = async (comment: Locator) => ((await comment.getAttribute('id')) ?? '').replace(/^comment-/, '');

test.describe('reading', () => {
  test('an anonymous reader sees the count, the first page in the server HTML, and "Sign in to comment"', async ({ page, request, browser, baseURL }) => {
    // A comment posted through the product (which also drops the cached first page).
    const author = await createCommenter();
    const text = remark('Server-rendered remark');
    const writer = await openOtherBrowser(browser, baseURL);
    await openArticleAs(writer.page, author);
    await postComment(writer.page, text);
    await writer.close();
    expect(writer.errors).toEqual([]);

    const html = await (await request.get(articlePath)).text();
    expect(html).toContain(text);

    await page.goto(articlePath);
    const count = await storedCommentCount();
    await expect(threadHeading(page)).toHaveText(countLabel(count));
    await expect(page.locator('.article-header').getByRole('link', { name: countLabel(count) })).toHaveAttribute('href', '#comments');
    await expect(commentWithText(page, text).locator('.comment__author')).toHaveText(author.name);
    await expect(page.locator('#comments').getByRole('link', { name: 'Sign in to comment' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Post comment' })).toHaveCount(0);
    // Anonymous readers get no Insightful or Report controls.
    await expect(commentWithText(page, text).getByRole('button', { name: /Insightful/ })).toHaveCount(0);
  });

  test('a draft typed before signing in is still in the composer after the sign-in round trip', async ({ page, baseURL }) => {
    const reader = await createCommenter();
    const draft = remark('A thought I had before signing in');
    await page.goto(articlePath);
    await composer(page).fill(draft);
    await page.locator('#comments').getByRole('link', { name: 'Sign in to comment' }).click();
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
    await submitSignIn(page, reader);

    await expect(page).toHaveURL(`${baseURL}${articlePath}#comments`);
    await expect(page.getByRole('button', { name: 'Post comment' })).toBeVisible();
    await expect(composer(page)).toHaveValue(draft);
  });
});

test.describe('writing', () => {
  test('a reader posts a comment, replies to it and edits it within the window', async ({ page }) => {
    const reader = await createCommenter();
    await openArticleAs(page, reader);
    const before = await storedCommentCount();
    const text = remark('First remark');

    const posted = await postComment(page, text);
    await expect(posted.locator('.comment__author')).toHaveText(reader.name);
    await expect(threadHeading(page)).toHaveText(countLabel(before + 1));
    await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Your comment is posted.' })).toBeVisible();
    const postedId = await idOf(posted);

    await clearCommentLimits(reader.id);
    const replyText = remark('A reply to myself');
    await posted.locator('summary', { hasText: 'Reply' }).click();
    await posted.getByRole('textbox', { name: `Reply to ${reader.name}` }).fill(replyText);
    await posted.getByRole('button', { name: 'Post reply' }).click();
    const reply = threadOf(page, postedId).locator('ol.comment-replies').locator('article.comment', { hasText: replyText });
    await expect(reply).toBeVisible();
    await expect(reply.locator('.comment__author')).toHaveText(reader.name);
    await expect(threadHeading(page)).toHaveText(countLabel(before + 2));
    // The reply shows under the comment at once; the thread's own reply count
    // is the server's, on the next load (posting does not re-render the page).
    await page.reload();
    await expect(threadOf(page, postedId).locator('.comment-thread__toggle')).toContainText('1 reply');
    await expect(threadOf(page, postedId).locator('ol.comment-replies article.comment', { hasText: replyText })).toBeVisible();

    const editedText = remark('First remark, reconsidered');
    await posted.locator('summary', { hasText: 'Edit' }).click();
    await posted.getByRole('textbox', { name: 'Edit your comment' }).fill(editedText);
    await posted.getByRole('button', { name: 'Save changes' }).click();
    // The action re-renders the reader's own page; Next.js keeps the shared one it replaced, hidden (<Activity>).
    const edited = page.locator(`article[id="comment-${postedId}"]`).filter({ visible: true });
    await expect(edited.locator('.comment__body')).toHaveText(editedText);
    await expect(edited.locator('.comment__edited')).toHaveText('edited');
    // Kept after a reload: the edit is stored, not only shown.
    await page.reload();
    await expect(edited.locator('.comment__body')).toHaveText(editedText);
    await expect(edited.locator('.comment__edited')).toBeVisible();
  });

  test('deleting a comment with a reply leaves the "deleted" placeholder with the reply under it', async ({ page }) => {
    const reader = await createCommenter();
    const other = await createCommenter();
    await openArticleAs(page, reader);
    const text = remark('Soon to be deleted');
    const posted = await postComment(page, text);
    const postedId = await idOf(posted);
    const replyText = remark('A reply that outlives its parent');
    await seedComment(other, replyText, { replyTo: { id: postedId, rootId: null, depth: 1 } });
    await page.reload();
    const before = await storedCommentCount();

    await posted.locator('summary', { hasText: 'Delete' }).click();
    await posted.getByRole('button', { name: 'Delete comment' }).click();

    // The action re-renders the reader's own page; Next.js keeps the shared one it replaced, hidden (<Activity>).
    const placeholder = page.locator(`article[id="comment-${postedId}"]`).filter({ visible: true });
    await expect(placeholder.locator('.comment__deleted')).toHaveText('This comment was deleted.');
    await expect(placeholder.locator('.comment__body')).toHaveCount(0);
    await expect(page.locator('#comments').getByText(text).filter({ visible: true })).toHaveCount(0);
    await expect(threadOf(page, postedId).locator('ol.comment-replies').getByText(replyText).filter({ visible: true })).toBeVisible();
    await expect(threadHeading(page).filter({ visible: true })).toHaveText(countLabel(before - 1));
    await page.reload();
    await expect(placeholder.locator('.comment__deleted')).toBeVisible();
    await expect(threadOf(page, postedId).getByText(replyText)).toBeVisible();
  });

  test('Insightful toggles on someone else’s comment and is not offered on one’s own', async ({ page }) => {
    const reader = await createCommenter();
    const other = await createCommenter();
    const theirs = await seedComment(other, remark('A comment worth marking'));
    const mine = await seedComment(reader, remark('My own comment'));
    await openArticleAs(page, reader);

    const insightful = commentWithText(page, theirs.body).getByRole('button', { name: /^Insightful/ });
    await expect(insightful).toHaveAttribute('aria-pressed', 'false');
    await expect(insightful).toHaveText('Insightful');
    // The button changes at once (optimistic); wait for the server's answer before reloading.
    await Promise.all([actionAnswered(page), insightful.click()]);
    await expect(insightful).toHaveAttribute('aria-pressed', 'true');
    await expect(insightful).toHaveText('Insightful · 1');
    await page.reload();
    await expect(insightful).toHaveAttribute('aria-pressed', 'true');
    await expect(insightful).toHaveText('Insightful · 1');

    await Promise.all([actionAnswered(page), insightful.click()]);
    await expect(insightful).toHaveAttribute('aria-pressed', 'false');
    await expect(insightful).toHaveText('Insightful');
    await page.reload();
    await expect(insightful).toHaveText('Insightful');

    await expect(commentWithText(page, mine.body)).toBeVisible();
    await expect(commentWithText(page, mine.body).getByRole('button', { name: /Insightful/ })).toHaveCount(0);
  });

  test('a reader reports a comment with a reason once; a second report is refused', async ({ page }) => {
    const reader = await createCommenter();
    const other = await createCommenter();
    const theirs = await seedComment(other, remark('A comment to report'));
    const mine = await seedComment(reader, remark('Nobody reports their own'));
    await openArticleAs(page, reader);

    const target = commentWithText(page, theirs.body);
    await target.locator('summary', { hasText: 'Report' }).click();
    await target.getByRole('radio', { name: 'Spam' }).check();
    await target.getByRole('button', { name: 'Send report' }).click();
    await expect(target.getByRole('status')).toHaveText('Thanks for the report. A moderator will look at this comment.');

    await page.reload();
    await target.locator('summary', { hasText: 'Report' }).click();
    await target.getByRole('radio', { name: 'Off-topic' }).check();
    await target.getByRole('button', { name: 'Send report' }).click();
    await expect(target.getByRole('alert')).toHaveText('You have already reported this comment. The moderators have it.');
    await expect(target.getByText('Thanks for the report')).toHaveCount(0);

    await expect(commentWithText(page, mine.body).locator('summary', { hasText: 'Report' })).toHaveCount(0);
  });

  test('without JavaScript a signed-in reader posts a comment with the plain form', async ({ page, browser, baseURL }) => {
    const reader = await createCommenter();
    await signIn(page, reader);
    const noScript = await openOtherBrowser(browser, baseURL, { javaScriptEnabled: false, storageState: await page.context().storageState() });
    // The shared page cannot fill in a reader's part without a script: it links to their own view.
    await noScript.page.goto(articlePath);
    await noScript.page.getByRole('link', { name: 'your own view of this discussion' }).click();
    const text = remark('Posted without a script');
    await composer(noScript.page).fill(text);
    await noScript.page.getByRole('button', { name: 'Post comment' }).click();

    const posted = commentWithText(noScript.page, text);
    await expect(posted).toBeVisible();
    await expect(posted.locator('.comment__author')).toHaveText(reader.name);
    expect(await storedCommentsWithBody(text)).toHaveLength(1);
    await noScript.close();
    expect(noScript.errors).toEqual([]);
  });

  test('submitting the same comment twice in quick succession makes one comment', async ({ page }) => {
    const reader = await createCommenter();
    await openArticleAs(page, reader);
    const text = remark('Said once, sent twice');
    // The form is the script's once the reader's part has arrived (its key input is there):
    // submitted sooner, it is the shared page's form, which posts nothing.
    await expect(page.locator('#comment-form input[name="idempotencyKey"]')).toHaveValue(/^[0-9a-f-]{36}$/);
    await composer(page).fill(text);

    // With its script running the composer posts JSON to /api/comments.
    const actionPosts: Promise<unknown>[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/comments') actionPosts.push(request.response());
    });
    // Two submissions of one form, as a double click sends them before the
    // button can disable itself: both carry the same idempotency key.
    await page.locator('#comment-form').evaluate((form: HTMLFormElement) => {
      form.requestSubmit();
      form.requestSubmit();
    });
    await expect(commentWithText(page, text)).toBeVisible();
    await expect.poll(() => actionPosts.length).toBe(2);
    await Promise.all(actionPosts);

    expect(await storedCommentsWithBody(text)).toHaveLength(1);
    await page.reload();
    await expect(commentWithText(page, text)).toHaveCount(1);
    // And a real double click on the button.
    await clearCommentLimits(reader.id);
    const clicked = remark('Double-clicked');
    await composer(page).fill(clicked);
    await page.getByRole('button', { name: 'Post comment' }).dblclick();
    await expect(commentWithText(page, clicked)).toBeVisible();
    await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
    expect(await storedCommentsWithBody(clicked)).toHaveLength(1);
  });

  test("the composer's JSON route posts for its own page's reader only: another site, a signed-out client, a body that is not JSON and an empty text are refused", async ({
    page,
    request,
    baseURL,
  }) => {
    const reader = await createCommenter();
    await openArticleAs(page, reader);
    const articleId = await page.locator('#comment-form input[name="articleId"]').inputValue();
    const text = remark('Posted as JSON');
    const input = { articleId, body: text, idempotencyKey: crypto.randomUUID() };
    const json = { 'Content-Type': 'application/json', Origin: baseURL! };

    const crossSite = await page.request.post('/api/comments', { headers: { ...json, Origin: 'https://evil.example' }, data: input });
    expect(crossSite.status()).toBe(403);
    expect(await crossSite.json()).toMatchObject({ error: 'FORBIDDEN', message: 'This request came from another site. Post from the article page itself.' });
    const plainText = await page.request.post('/api/comments', { headers: { ...json, 'Content-Type': 'text/plain' }, data: JSON.stringify(input) });
    expect(plainText.status()).toBe(400);
    const signedOut = await request.post('/api/comments', { headers: json, data: input });
    expect(signedOut.status()).toBe(401);
    const empty = await page.request.post('/api/comments', { headers: json, data: { ...input, body: '   ' } });
    expect(empty.status()).toBe(400);
    expect(await empty.json()).toMatchObject({ error: 'INVALID_INPUT', fieldErrors: { body: ['Write your comment first.'] } });
    expect(await storedCommentsWithBody(text)).toHaveLength(0);

    const posted = await page.request.post('/api/comments', { headers: json, data: input });
    expect(posted.status()).toBe(200);
    const answer = (await posted.json()) as { postedId: string; replayed: boolean; message: string; comment: { body: string } };
    expect(answer).toMatchObject({ replayed: false, message: 'Your comment is posted.' });
    // The same key again: the same comment, not a second one.
    const again = await page.request.post('/api/comments', { headers: json, data: input });
    expect(await again.json()).toMatchObject({ postedId: answer.postedId, replayed: true });
    expect(await storedCommentsWithBody(text)).toHaveLength(1);
  });

  test('a post a proxy answers with its own plain-text 503 says so, keeps the text and the key, and the retry posts it once', async ({ page }) => {
    const reader = await createCommenter();
    await openArticleAs(page, reader);
    const text = remark('Sent while the proxy had no instance');
    await composer(page).fill(text);
    const key = await page.locator('#comment-form input[name="idempotencyKey"]').inputValue();
    // What nginx answers when no instance can (deploy/nginx/parley.conf, @parley_unavailable): not the app's JSON.
    await page.route('**/api/comments', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'text/plain',
        headers: { 'Retry-After': '5' },
        body: 'Parley is briefly unavailable. Please try again in a few seconds.\n',
      }),
    );
    await page.getByRole('button', { name: 'Post comment' }).click();
    await expect(page.locator('#comment-form').getByRole('alert')).toHaveText(
      'Your comment could not be posted just now (HTTP 503). Your text is kept; try again in a few seconds.',
    );
    await expect(composer(page)).toHaveValue(text);
    await expect(page.locator('#comment-form input[name="idempotencyKey"]')).toHaveValue(key);
    expect(await storedCommentsWithBody(text)).toHaveLength(0);

    await page.unroute('**/api/comments');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await expect(commentWithText(page, text)).toBeVisible();
    expect(await storedCommentsWithBody(text)).toHaveLength(1);
  });

  test('more than 5,000 characters turns the counter red, says so, and nothing can be posted until the text is shorter', async ({ page }) => {
    const reader = await createCommenter();
    await openArticleAs(page, reader);
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && [articlePath, '/api/comments'].includes(new URL(request.url()).pathname)) posts.push(request.url());
    });
    const text = `${remark('Too long')} ${'word '.repeat(1000)}`.trim();
    expect([...text].length).toBeGreaterThan(5000);
    await composer(page).fill(text);
    const counter = page.locator('#comment-form .composer__count');
    await expect(counter).toHaveText(`${[...text].length.toLocaleString('en-US')} / 5,000`);
    await expect(counter).toHaveClass(/composer__count--over/);
    await expect(page.locator('#comment-form').getByRole('alert')).toHaveText('Comments are at most 5,000 characters.');
    await expect(composer(page)).toHaveAttribute('aria-invalid', 'true');
    const post = page.getByRole('button', { name: 'Post comment' });
    await expect(post).toBeDisabled();
    // Nor does submitting the form some other way send it.
    await page.locator('#comment-form').evaluate((form: HTMLFormElement) => form.requestSubmit());
    await expect(composer(page)).toHaveValue(text);

    // A pasted megabyte is stopped the same way, in the browser.
    const megabyte = `${remark('Pasted')} ${'x'.repeat(1024 * 1024)}`;
    await composer(page).fill(megabyte);
    await expect(post).toBeDisabled();
    await expect(page.locator('#comment-form').getByRole('alert')).toHaveText('Comments are at most 5,000 characters.');
    expect(posts).toEqual([]);
    expect(await storedCommentsWithBody(text)).toHaveLength(0);

    // Trimmed back under the limit, the same box posts.
    const shorter = text.slice(0, 4000);
    await composer(page).fill(shorter);
    await expect(counter).not.toHaveClass(/composer__count--over/);
    await expect(page.locator('#comment-form').getByRole('alert')).toHaveCount(0);
    await post.click();
    await expect(commentWithText(page, shorter.slice(0, 60))).toBeVisible();
  });

  test('without JavaScript, a megabyte-long comment comes back with the length message and the text kept', async ({ page, browser, baseURL }) => {
    // Typing a megabyte into the box, and the page that brings it back, take seconds each.
    test.slow();
    const reader = await createCommenter();
    await signIn(page, reader);
    const noScript = await openOtherBrowser(browser, baseURL, { javaScriptEnabled: false, storageState: await page.context().storageState() });
    await noScript.page.goto(`${articlePath}?personal=1`);
    const text = `${remark('Pasted without a script')} ${'x'.repeat(1024 * 1024)}`;
    await composer(noScript.page).fill(text);
    const [response] = await Promise.all([
      noScript.page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === articlePath),
      noScript.page.getByRole('button', { name: 'Post comment' }).click(),
    ]);
    expect(response.status()).toBe(200);
    await expect(noScript.page.locator('#comment-form').getByRole('alert')).toHaveText('Comments are at most 5,000 characters.');
    await expect(composer(noScript.page)).toHaveValue(text);
    // Shortened, the same page posts it: the button still works without a script.
    const shorter = text.slice(0, 200);
    await composer(noScript.page).fill(shorter);
    await noScript.page.getByRole('button', { name: 'Post comment' }).click();
    await expect(commentWithText(noScript.page, shorter)).toBeVisible();
    await noScript.close();
    expect(noScript.errors).toEqual([]);
  });
});

test('a reader sees "Show 1 new comment" when another reader posts, and the count updates without reloading', async ({ page, browser, baseURL }) => {
  const writer = await createCommenter();
  // Reader A (anonymous) is watching before B posts: wait for the live stream to connect.
  const streamOpen = page.waitForResponse((response) => new URL(response.url()).pathname === `/api${articlePath}/events`);
  await page.goto(articlePath);
  await streamOpen;
  // A full reload would drop this; router.refresh() keeps the document.
  await page.evaluate(() => ((window as { __sameDocument?: boolean }).__sameDocument = true));

  const b = await openOtherBrowser(browser, baseURL);
  await openArticleAs(b.page, writer);
  const text = remark('Live from another browser');
  await postComment(b.page, text);
  const count = await storedCommentCount();

  const showNew = page.getByRole('button', { name: 'Show 1 new comment' });
  await expect(showNew).toBeVisible();
  await expect(threadHeading(page)).toHaveText(countLabel(count));
  // Announced, not inserted: nothing moves until the reader asks.
  await expect(commentWithText(page, text)).toHaveCount(0);
  await showNew.click();
  await expect(commentWithText(page, text)).toBeVisible();
  await expect(showNew).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument), 'the page was not reloaded').toBe(true);
  await b.close();
  expect(b.errors).toEqual([]);
});

test('a live thread keeps following after its event stream was refused with 503 (the database away): new comments still show', async ({ browser, baseURL }) => {
  const writer = await createCommenter();
  const watcher = await openOtherBrowser(browser, baseURL);
  // The first two tries are refused as the app refuses them while PostgreSQL is away; EventSource alone would give up.
  let refused = 0;
  await watcher.page.route(`**/api${articlePath}/events`, async (route) => {
    if (refused >= 2) return route.continue();
    refused++;
    await route.fulfill({ status: 503, headers: { 'retry-after': '1', 'content-type': 'application/json' }, body: '{"error":"unavailable"}' });
  });
  const streamOpen = watcher.page.waitForResponse((response) => new URL(response.url()).pathname === `/api${articlePath}/events` && response.status() === 200, {
    timeout: 15_000,
  });
  await watcher.page.goto(articlePath);
  await streamOpen;
  expect(refused).toBe(2);

  const b = await openOtherBrowser(browser, baseURL);
  await openArticleAs(b.page, writer);
  await postComment(b.page, remark('Posted after the stream came back'));
  await expect(watcher.page.getByRole('button', { name: 'Show 1 new comment' })).toBeVisible();
  await b.close();
  expect(b.errors).toEqual([]);
  // Only the two refusals themselves were reported.
  expect(watcher.errors.filter((e) => !/503|event-stream|EventSource/i.test(e))).toEqual([]);
  await watcher.close();
});

test('a permalink to a comment beyond the first page reloads with ?comment= and highlights it', async ({ page, request, baseURL }) => {
  const author = await createCommenter();
  const target = await seedComment(author, remark('An old comment someone linked to'), { createdAt: new Date(Date.now() - 3 * 24 * 3600 * 1000) });
  // 25 newer comments push it past the first 20 in the default (best) sort.
  await seedTopLevelComments(author, remark('Newer filler'), 25);
  expect(await (await request.get(articlePath)).text()).not.toContain(target.body);

  await page.goto(`${articlePath}#comment-${target.id}`);
  await expect(page).toHaveURL(`${baseURL}${articlePath}?comment=${target.id}#comment-${target.id}`);
  const linked = page.locator(`article[id="comment-${target.id}"]`);
  await expect(linked).toHaveClass(/comment--highlight/);
  await expect(linked).toBeInViewport();
  await expect(linked.locator('.comment__body')).toHaveText(target.body);
  await expect(page.locator('.comment--highlight')).toHaveCount(1);
});

test('?comment= with anything but a comment id shows the article, not an error', async ({ request }) => {
  for (const value of ['-'.repeat(36), 'a'.repeat(36), 'z'.repeat(36), 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaa-']) {
    const response = await request.get(`${articlePath}?comment=${value}`);
    expect(response.status(), value).toBe(200);
    expect(await response.text(), value).toContain('id="comments"');
  }
});

test('"Load more comments" appends the next page, in order and without duplicates', async ({ page }) => {
  const reader = await createCommenter();
  await seedTopLevelComments(reader, remark('Paged remark'), 25);
  await openArticleAs(page, reader, `${articlePath}?sort=oldest`);

  const firstPage = await oldestFirstPage(0);
  const secondPage = await oldestFirstPage(1);
  expect(firstPage).toHaveLength(20);
  expect(secondPage.length).toBeGreaterThan(0);
  expect(await topLevelCommentIds(page)).toEqual(firstPage);
  for (const id of secondPage) await expect(page.locator(`article[id="comment-${id}"]`)).toHaveCount(0);

  await page.getByRole('link', { name: 'Load more comments' }).click();
  await expect(page.locator(`article[id="comment-${secondPage.at(-1)}"]`)).toBeVisible();
  const shown = await topLevelCommentIds(page);
  expect(shown).toEqual([...firstPage, ...secondPage]);
  expect(new Set(shown).size).toBe(shown.length);
  // Appended in place: no navigation to the no-JavaScript page link.
  expect(new URL(page.url()).searchParams.get('cursor')).toBeNull();
});

test('Newest and Oldest reorder the thread and stay in the URL', async ({ page, baseURL }) => {
  const reader = await createCommenter();
  const oldest = await seedComment(reader, remark('A remark from long ago'), { createdAt: new Date(Date.now() - 20 * 365 * 24 * 3600 * 1000) });
  const newest = await seedComment(reader, remark('The latest remark'));
  await openArticleAs(page, reader);
  const sortNav = page.getByRole('navigation', { name: 'Sort comments' });
  const times = () =>
    page
      .locator('#comments > ol.comment-list > li > article.comment > header time')
      // Next.js keeps the page of the previous sort, hidden (<Activity>), after a client navigation.
      .filter({ visible: true })
      .evaluateAll((els) => els.map((el) => Date.parse(el.getAttribute('datetime') ?? '')));

  await sortNav.getByRole('link', { name: 'Newest' }).click();
  await expect(page).toHaveURL(`${baseURL}${articlePath}?sort=newest#comments`);
  await expect(sortNav.getByRole('link', { name: 'Newest' })).toHaveAttribute('aria-current', 'true');
  await expect(page.locator('#comments > ol.comment-list > li').filter({ visible: true }).first().locator('.comment__body').first()).toHaveText(newest.body);
  await expect(commentWithText(page, oldest.body).filter({ visible: true })).toHaveCount(0);
  const newestTimes = await times();
  expect(newestTimes).toEqual([...newestTimes].sort((a, b) => b - a));

  await sortNav.getByRole('link', { name: 'Oldest' }).click();
  await expect(page).toHaveURL(`${baseURL}${articlePath}?sort=oldest#comments`);
  await expect(commentWithText(page, oldest.body).filter({ visible: true })).toBeVisible();
  const oldestTimes = await times();
  expect(oldestTimes).toEqual([...oldestTimes].sort((a, b) => a - b));
  expect(oldestTimes).not.toEqual(newestTimes);

  // The URL carries the order: a reload keeps it.
  await page.reload();
  await expect(sortNav.getByRole('link', { name: 'Oldest' })).toHaveAttribute('aria-current', 'true');
  expect(await times()).toEqual(oldestTimes);
});

test('script, event-handler and javascript: payloads render as inert text; links get rel="nofollow ugc noopener"', async ({ page }) => {
  const reader = await createCommenter();
  await openArticleAs(page, reader);
  const payloads = [
    '<script>window.__xss=1</script>',
    '<img src=x onerror="window.__xss=1">',
    '[click](javascript:window.__xss=1)',
    '<iframe src="javascript:window.__xss=1">',
    '**bold**<svg onload=window.__xss=1>',
    'see <a href="javascript:window.__xss=1" onclick="window.__xss=1">this</a>',
  ];
  const tag = uniqueTag();
  const posted: string[] = [];
  for (const [index, payload] of payloads.entries()) {
    await clearCommentLimits(reader.id);
    const marker = `xss-${tag}-${index}`;
    await postComment(page, `${payload}\n\n${marker}`);
    posted.push(marker);
  }
  const [scriptTag, imgTag, jsLink, , svgTag] = posted as [string, string, string, string, string, string];
  await clearCommentLimits(reader.id);
  const linkMarker = `link-${tag}`;
  await postComment(page, `A [normal link](https://example.com/analysis)\n\n${linkMarker}`);

  const check = async () => {
    for (const marker of posted) {
      const body = commentWithText(page, marker).locator('.comment__body');
      await expect(body).toBeVisible();
      await expect(body.locator('script, img, iframe, svg, object, embed, [onerror], [onload], [onclick]')).toHaveCount(0);
    }
    await expect(page.locator('.comment__body a[href^="javascript:" i]')).toHaveCount(0);
    // Raw HTML is shown as the text that was typed, not dropped silently.
    await expect(commentWithText(page, scriptTag).locator('.comment__body')).toContainText('<script>window.__xss=1</script>');
    await expect(commentWithText(page, imgTag).locator('.comment__body')).toContainText('<img src=x onerror="window.__xss=1">');
    await expect(commentWithText(page, jsLink).locator('.comment__body')).toContainText('click');
    await expect(commentWithText(page, svgTag).locator('.comment__body strong')).toHaveText('bold');
    const link = commentWithText(page, linkMarker).locator('.comment__body a');
    await expect(link).toHaveAttribute('href', 'https://example.com/analysis');
    await expect(link).toHaveAttribute('rel', 'nofollow ugc noopener');
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  };
  await check();
  // The same from the server-rendered HTML.
  await page.reload();
  await check();
});

test('quoting a passage opens the composer with it; the paragraph then counts and lists the quoting comments', async ({ page, baseURL }) => {
  const reader = await createCommenter();
  await openArticleAs(page, reader);

  // A passage inside the first paragraph with a long enough run of plain text.
  // Selected again until the offer appears: the listener exists only once the page has hydrated.
  const selectPassage = () =>
    page.locator('.article-body p[id]').evaluateAll((paragraphs) => {
      for (const paragraph of paragraphs) {
        const node = [...paragraph.childNodes].find((child) => child.nodeType === Node.TEXT_NODE && (child.textContent ?? '').trim().length > 60);
        if (!node) continue;
        const text = node.textContent ?? '';
        const start = text.search(/\S/);
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, start + 40);
        const selection = window.getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
        document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
        return { paragraphId: paragraph.id, passage: selection.toString().trim() };
      }
      return null;
    });
  let selected: Awaited<ReturnType<typeof selectPassage>> = null;
  await expect(async () => {
    selected = await selectPassage();
    await expect(page.getByRole('button', { name: 'Quote in a comment' })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  expect(selected).not.toBeNull();
  const { paragraphId, passage } = selected!;
  const paragraph = page.locator('.paragraph').filter({ has: page.locator(`p[id="${paragraphId}"]`) });
  const quoteCount = paragraph.locator('a.quote-count');
  const before = (await quoteCount.count()) ? Number.parseInt((await quoteCount.textContent()) ?? '0', 10) : 0;

  await page.getByRole('button', { name: 'Quote in a comment' }).click();
  await expect(composer(page)).toBeFocused();
  await expect(composer(page)).toHaveValue(`> ${passage}\n\n`);
  const reply = remark('This passage says it well');
  await composer(page).press('End');
  await composer(page).pressSequentially(reply);
  await page.getByRole('button', { name: 'Post comment' }).click();
  const posted = commentWithText(page.locator('#comments'), reply);
  await expect(posted).toBeVisible();
  await expect(posted.locator('.comment__body blockquote')).toHaveText(passage);
  await expect(posted.getByRole('link', { name: 'Quoting a passage of the article' })).toHaveAttribute('href', `#${paragraphId}`);

  // The paragraph's count is the server's, on the next load (posting does not re-render the page).
  await page.reload();
  const after = before + 1;
  await expect(quoteCount).toHaveText(after === 1 ? '1 comment quotes this passage' : `${after} comments quote this passage`);
  await quoteCount.click();
  await expect(page).toHaveURL(`${baseURL}${articlePath}?quoted=${paragraphId}#quoted-comments`);
  const quoting = page.locator('#quoted-comments');
  await expect(quoting.getByRole('heading', { name: 'Comments quoting this passage' })).toBeVisible();
  await expect(commentWithText(quoting, reply)).toBeVisible();
});

test('a thread with replies, a deleted placeholder and an open reply form has no accessibility violations (axe)', async ({ page }) => {
  const reader = await createCommenter();
  const other = await createCommenter();
  const root = await seedComment(other, remark('A comment with a conversation'));
  const reply = await seedComment(reader, remark('A first reply'), { replyTo: { ...root, depth: 1 } });
  await seedComment(other, remark('A second-level reply'), { replyTo: reply });
  const deleted = await seedComment(other, remark('Deleted later'), { deleted: true });
  await seedComment(reader, remark('A reply under a deleted comment'), { replyTo: { ...deleted, depth: 1 } });
  await openArticleAs(page, reader);

  await expect(page.locator(`article[id="comment-${deleted.id}"] .comment__deleted`)).toHaveText('This comment was deleted.');
  const rootComment = page.locator(`article[id="comment-${root.id}"]`);
  await rootComment.locator('summary', { hasText: 'Reply' }).click();
  await expect(rootComment.getByRole('textbox', { name: `Reply to ${other.name}` })).toBeVisible();
  await expect(threadOf(page, root.id).locator('ol.comment-replies article.comment')).toHaveCount(2);

  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
});
