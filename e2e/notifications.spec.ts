// In-app notifications end to end: the bell's count changing live, the
// /notifications page and its links, mentions typed with the composer's
// suggestions, a rejection told to its author with the reason, following a
// thread, and all of it without JavaScript, in Chromium against the
// production build and a real database.
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { commentWithText, composer, createCommenter } from './comment-fixtures';
import { expect, test, uniqueClientAddress } from './fixtures';
import { consoleNotice, createArticle, createModerator, openOtherBrowser, queueItem, queuePath, seedComment } from './moderation-fixtures';
import { database, signIn, uniqueTag } from './users';

const remark = (what: string) => `${what} ${uniqueTag()}${uniqueTag()}`;
const bell = (page: Page) => page.getByRole('banner').getByRole('link', { name: /^Notifications/ });
const permalink = (slug: string, commentId: string) => `/articles/${slug}?comment=${commentId}#comment-${commentId}`;
const axeViolations = async (page: Page) =>
  (await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);

async function storedCommentId(body: string): Promise<string> {
  const { rows } = await database().query<{ id: string }>(`SELECT "id" FROM "Comment" WHERE "body" = $1`, [body]);
  if (!rows[0]) throw new Error(`no comment with body ${body}`);
  return rows[0].id;
}

test('a reply from another reader changes the bell’s count live; /notifications lists it, links to the reply, and marks it read', async ({
  page,
  browser,
  baseURL,
}) => {
  const article = await createArticle({ preModeration: 'NONE' });
  const [reader, replier] = await Promise.all([createCommenter(), createCommenter()]);
  const parent = await seedComment(article, reader, remark('A comment worth answering'));
  const replyText = remark('An answer to it');

  await signIn(page, reader);
  await page.goto('/');
  await expect(bell(page)).toHaveText('Notifications');
  await expect(bell(page)).toHaveAttribute('data-unread', '0');

  const other = await openOtherBrowser(browser, baseURL);
  await signIn(other.page, replier);
  await other.page.goto(article.path);
  const parentItem = commentWithText(other.page, parent.body);
  await parentItem.locator('summary', { hasText: 'Reply' }).click();
  await parentItem.getByRole('textbox', { name: `Reply to ${reader.name}` }).fill(replyText);
  await parentItem.getByRole('button', { name: 'Post reply' }).click();
  // Shown under its box at once (inside the parent's <article>, so found by its body).
  await expect(other.page.locator('.comment__body', { hasText: replyText })).toBeVisible();

  // No reload: the stream brings the new count.
  await expect(bell(page)).toHaveAccessibleName('Notifications 1 unread');
  await expect(bell(page)).toHaveAttribute('data-unread', '1');

  await bell(page).click();
  await expect(page).toHaveURL(/\/notifications$/);
  const replyId = await storedCommentId(replyText);
  const entry = page.getByRole('listitem').filter({ hasText: `${replier.name} replied to your comment on “${article.title}”.` });
  await expect(entry).toContainText(replyText);
  await expect(entry.getByRole('link', { name: `${replier.name} replied to your comment on “${article.title}”.` })).toHaveAttribute(
    'href',
    permalink(article.slug, replyId),
  );
  expect(await axeViolations(page)).toEqual([]);

  await entry.getByRole('button', { name: /^Mark read/ }).click();
  await expect(entry.getByRole('button', { name: /^Mark read/ })).toHaveCount(0);
  await expect(bell(page)).toHaveAttribute('data-unread', '0');

  await entry.getByRole('link', { name: /replied to your comment/ }).click();
  await expect(page).toHaveURL(new RegExp(`\\?comment=${replyId}#comment-${replyId}$`));
  await expect(page.getByRole('region', { name: /The comment you followed a link to/ }).locator(`#comment-${replyId}`)).toContainText(replyText);
  await other.context.close();
  expect(other.errors).toEqual([]);
});

test('typing @ suggests people in the thread; the mention links to them and notifies them', async ({ page, browser, baseURL }) => {
  const article = await createArticle({ preModeration: 'NONE' });
  const [mentioned, writer] = await Promise.all([createCommenter(`Ada Lovelace ${uniqueTag()}`), createCommenter()]);
  const theirs = await seedComment(article, mentioned, remark('Something to agree with'));
  const text = remark('Agreed, well put');

  await signIn(page, writer);
  await page.goto(article.path);
  await composer(page).fill(`${text} @Ada`);
  const options = page.getByRole('listbox', { name: 'People in this thread' }).getByRole('option');
  await expect(options).toHaveText([mentioned.name]);
  await composer(page).press('Enter');
  await expect(composer(page)).toHaveValue(`${text} @[${mentioned.name}] `);
  await page.getByRole('button', { name: 'Post comment' }).click();
  const posted = commentWithText(page.locator('#comments'), text);
  await expect(posted.getByRole('link', { name: `@${mentioned.name}` })).toHaveAttribute('href', permalink(article.slug, theirs.id));

  const other = await openOtherBrowser(browser, baseURL);
  await signIn(other.page, mentioned);
  await other.page.goto('/notifications');
  const entry = other.page.getByRole('listitem').filter({ hasText: `${writer.name} mentioned you in a comment on “${article.title}”.` });
  await expect(entry).toContainText(text);
  await expect(entry.getByRole('link')).toHaveAttribute('href', permalink(article.slug, await storedCommentId(`${text} @[${mentioned.name}]`)));
  await other.context.close();
  expect(other.errors).toEqual([]);
});

test('a rejected comment tells its author, with the reason and the moderator’s note', async ({ page, browser, baseURL }) => {
  const article = await createArticle({ preModeration: 'NONE' });
  const [author, moderator] = await Promise.all([createCommenter(), createModerator()]);
  const comment = await seedComment(article, author, remark('Buy cheap watches here'));

  const modView = await openOtherBrowser(browser, baseURL);
  await signIn(modView.page, moderator);
  await modView.page.goto(queuePath('recent', article));
  const item = queueItem(modView.page, comment.body);
  await item.getByRole('combobox', { name: 'Reason', exact: true }).selectOption({ label: 'Spam' });
  await item.getByRole('textbox', { name: 'Note' }).fill('Advertising');
  await item.getByRole('button', { name: 'Reject' }).click();
  await expect(consoleNotice(modView.page)).toHaveText('Rejected.');
  await modView.context.close();
  expect(modView.errors).toEqual([]);

  await signIn(page, author);
  await page.goto('/');
  await expect(bell(page)).toHaveAttribute('data-unread', '1');
  await page.goto('/notifications');
  const entry = page.getByRole('listitem').filter({ hasText: 'was removed by a moderator' });
  await expect(entry.getByRole('link')).toHaveText(`Your comment on “${article.title}” was removed by a moderator. Reason: Spam (Advertising).`);
  await expect(entry.getByRole('link')).toHaveAttribute('href', permalink(article.slug, comment.id));
});

test('without JavaScript: the notifications page, marking read, marking all read, following a thread; signed out it asks to sign in', async ({ browser, baseURL }) => {
  const article = await createArticle({ preModeration: 'NONE' });
  const reader = await createCommenter();
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, extraHTTPHeaders: { 'X-Forwarded-For': uniqueClientAddress() } });
  const page = await context.newPage();

  const signedOut = await page.goto('/notifications');
  expect(new URL(page.url()).pathname).toBe('/signin');
  expect(new URL(page.url()).searchParams.get('callbackUrl')).toBe('/notifications');
  expect(signedOut?.status()).toBe(200);
  expect((await page.request.get('/api/notifications/events')).status()).toBe(401);

  // Three warnings, written as the moderation command writes them.
  for (const message of ['First warning', 'Second warning', 'Third warning']) {
    await database().query(`INSERT INTO "Notification" ("id", "recipientId", "kind", "detail", "createdAt") VALUES ($1, $2, 'WARNING', $3, now())`, [
      randomUUID(),
      reader.id,
      `${message} ${uniqueTag()}`,
    ]);
  }
  await signIn(page, reader);
  await page.goto('/notifications');
  await expect(bell(page)).toHaveAccessibleName('Notifications 3 unread');
  await expect(page.getByRole('button', { name: /^Mark read/ })).toHaveCount(3);
  await page.getByRole('button', { name: /^Mark read “A moderator sent you a warning: First warning/ }).click();
  await expect(page.getByRole('button', { name: /^Mark read/ })).toHaveCount(2);
  await expect(bell(page)).toHaveAccessibleName('Notifications 2 unread');
  await expect(page.getByRole('link', { name: /First warning/ })).toHaveAttribute('href', '/account');
  await page.getByRole('button', { name: 'Mark all read' }).click();
  await expect(page.getByRole('button', { name: /^Mark read/ })).toHaveCount(0);
  await expect(bell(page)).toHaveAccessibleName('Notifications');

  // Without JavaScript the shared article page cannot show a reader's forms: their own view can.
  await page.goto(`${article.path}?personal=1`);
  await page.getByRole('button', { name: 'Follow this thread' }).click();
  await expect(page.getByRole('button', { name: 'Unfollow this thread' })).toBeVisible();
  const { rows } = await database().query(`SELECT 1 FROM "ThreadFollow" WHERE "userId" = $1 AND "articleId" = $2`, [reader.id, article.id]);
  expect(rows).toHaveLength(1);
  await page.getByRole('button', { name: 'Unfollow this thread' }).click();
  await expect(page.getByRole('button', { name: 'Follow this thread' })).toBeVisible();
  await context.close();
});

test('the account page saves notification preferences and the digest hour', async ({ page }) => {
  const reader = await createCommenter();
  await signIn(page, reader);
  await page.goto('/account');
  const replies = page.getByRole('combobox', { name: 'Replies to my comments' });
  await expect(replies).toHaveValue('EMAIL_NOW');
  await expect(page.getByRole('combobox', { name: 'New comments in threads I follow' })).toHaveValue('IN_APP');
  await replies.selectOption({ label: 'Also by email in a daily digest' });
  await page.getByRole('combobox', { name: 'Daily digest hour' }).selectOption({ label: '18:00 UTC' });
  await page.getByRole('button', { name: 'Save notification settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your notification settings are saved.' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Replies to my comments' })).toHaveValue('EMAIL_DIGEST');
  await expect(page.getByRole('combobox', { name: 'Daily digest hour' })).toHaveValue('18');
  expect(await axeViolations(page)).toEqual([]);
});
