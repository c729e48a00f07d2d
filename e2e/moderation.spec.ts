// The moderation console end to end: holding and approving, rejecting with a
// reason and the author's appeal, bans and warnings, keyboard-only moderation,
// closing a thread, the public ledger, the audit log, who may enter, and
// accessibility, in Chromium against the production build and a real database.
//
// Tests share one database and run one at a time. Every test that changes how
// an article takes comments works on an article of its own
// (e2e/moderation-fixtures.ts) and reads the queue filtered to it, so the site
// policy and the seeded article stay as the other specs expect them.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { commentWithText, composer, countLabel, createCommenter, storedCommentsWithBody, threadHeading } from './comment-fixtures';
import { expect, isComposerRefusal, test } from './fixtures';
import {
  consoleNotice,
  createArticle,
  createModerator,
  openOtherBrowser,
  queueItem,
  queuePath,
  seedAppeal,
  seedComment,
  storedAppeal,
  storedComment,
  storedCommentsBy,
  storedWarning,
} from './moderation-fixtures';
import { createUser, expectSignedOut, signIn, uniqueTag } from './users';

/** A remark with a tag no other test (or run) uses. */
const remark = (what: string) => `${what} ${uniqueTag()}${uniqueTag()}`;

const thread = (page: Page) => page.locator('#comments');
const axeViolations = async (page: Page) =>
  (await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);

test('a moderator approves a held comment: its author then sees it published, and so do other readers', async ({ page, browser, baseURL }) => {
  const article = await createArticle({ preModeration: 'ALL' });
  const [author, otherReader, moderator] = await Promise.all([createCommenter(), createCommenter(), createModerator()]);
  const text = remark('Held until a moderator reads it');

  await signIn(page, author);
  await page.goto(article.path);
  await composer(page).fill(text);
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(thread(page).getByRole('status').filter({ hasText: 'awaiting moderation' })).toHaveText(
    'Thanks. Your comment is awaiting moderation; only you can see it for now.',
  );
  const held = commentWithText(page, text);
  await expect(held.locator('.comment__status')).toHaveText('Awaiting moderation: only you and the moderators can see this comment.');
  await expect(threadHeading(page)).toHaveText(countLabel(0));
  expect((await storedCommentsWithBody(text)).map((row) => row.status)).toEqual(['PENDING']);

  const other = await openOtherBrowser(browser, baseURL);
  await signIn(other.page, otherReader);
  await other.page.goto(article.path);
  await expect(threadHeading(other.page)).toHaveText(countLabel(0));
  await expect(other.page.getByText('No comments yet. Share your insight first.')).toBeVisible();
  await expect(commentWithText(other.page, text)).toHaveCount(0);

  const modView = await openOtherBrowser(browser, baseURL);
  await signIn(modView.page, moderator);
  await modView.page.goto(queuePath('pending', article));
  const item = queueItem(modView.page, text);
  await expect(item.getByRole('heading', { level: 2 })).toHaveText(`${author.name} on ${article.title}`);
  await expect(item).toContainText('pending');
  await item.getByRole('button', { name: 'Approve' }).click();
  await expect(consoleNotice(modView.page)).toHaveText('Approved.');
  await expect(queueItem(modView.page, text)).toHaveCount(0);
  await expect(modView.page.getByText('Nothing in this queue for this filter.')).toBeVisible();
  expect((await storedCommentsWithBody(text)).map((row) => row.status)).toEqual(['PUBLISHED']);

  await page.reload();
  await expect(held).toBeVisible();
  await expect(held.locator('.comment__status')).toHaveCount(0);
  await expect(threadHeading(page)).toHaveText(countLabel(1));

  await other.page.reload();
  await expect(commentWithText(other.page, text)).toBeVisible();
  await expect(commentWithText(other.page, text).locator('.comment__author')).toHaveText(author.name);
  await expect(threadHeading(other.page)).toHaveText(countLabel(1));

  await other.context.close();
  await modView.context.close();
  expect([...other.errors, ...modView.errors]).toEqual([]);
});

test('a moderator rejects a comment with a reason; its author sees why, appeals once, and restoring the appeal republishes it', async ({ page, browser, baseURL }) => {
  const article = await createArticle({ preModeration: 'NONE' });
  const [author, moderator] = await Promise.all([createCommenter(), createModerator()]);
  const comment = await seedComment(article, author, remark('A sharp remark about another reader'));
  const note = 'Personal attack on another reader';
  const appeal = remark('I was quoting the article, not attacking anyone');

  const modView = await openOtherBrowser(browser, baseURL);
  await signIn(modView.page, moderator);
  await modView.page.goto(queuePath('recent', article));
  const item = queueItem(modView.page, comment.body);
  await item.getByRole('combobox', { name: 'Reason', exact: true }).selectOption({ label: 'Harassment' });
  await item.getByRole('textbox', { name: 'Note' }).fill(note);
  await item.getByRole('button', { name: 'Reject' }).click();
  await expect(consoleNotice(modView.page)).toHaveText('Rejected.');
  await expect(queueItem(modView.page, comment.body)).toHaveCount(0);
  expect(await storedComment(comment.id)).toEqual({ status: 'REJECTED', rejectionReason: 'HARASSMENT' });

  // An anonymous visitor (whose page is cached) no longer sees it.
  const visitor = await openOtherBrowser(browser, baseURL);
  await visitor.page.goto(article.path);
  await expect(threadHeading(visitor.page)).toHaveText(countLabel(0));
  await expect(commentWithText(visitor.page, comment.body)).toHaveCount(0);

  await signIn(page, author);
  await page.goto(article.path);
  // Visible only: the appeal's action re-renders the reader's own page, and Next.js keeps the shared one hidden (<Activity>).
  const removed = commentWithText(page, comment.body).filter({ visible: true });
  await expect(removed.locator('.comment__status')).toHaveText('Removed by a moderator. Only you can see it.');
  await expect(removed.locator('.comment__removal')).toContainText(`Reason: harassment (${note}).`);
  await removed.getByRole('textbox', { name: 'Appeal this removal (once)' }).fill(appeal);
  await removed.getByRole('button', { name: 'Send appeal' }).click();
  // The thread re-renders with the appeal's state in place of the form (which took its confirmation with it).
  await expect(removed.locator('.comment__removal')).toContainText('Your appeal is waiting for a moderator.');
  await expect(removed.getByRole('textbox', { name: 'Appeal this removal (once)' })).toHaveCount(0);
  expect(await storedAppeal(comment.id)).toEqual({ status: 'OPEN', message: appeal });
  // Once: a reload offers no second appeal.
  await page.reload();
  await expect(removed.locator('.comment__removal')).toContainText('Your appeal is waiting for a moderator.');
  await expect(removed.getByRole('textbox', { name: 'Appeal this removal (once)' })).toHaveCount(0);
  // The anonymous page is cached again, after the appeal's own change to the thread.
  await visitor.page.reload();
  await expect(commentWithText(visitor.page, comment.body)).toHaveCount(0);

  await modView.page.goto('/moderation/appeals');
  const appealItem = modView.page.locator('li.queue-item').filter({ hasText: appeal });
  await expect(appealItem.getByRole('heading', { level: 2 })).toHaveText(`${author.name} on ${article.title}`);
  await expect(appealItem).toContainText(`Removed for harassment (${note})`);
  await expect(appealItem).toContainText(`Appeal: ${appeal}`);
  await expect(appealItem.locator('.comment__body')).toHaveText(comment.body);
  await appealItem.getByRole('button', { name: 'Restore the comment' }).click();
  await expect(consoleNotice(modView.page)).toHaveText('Appeal granted: the comment is restored.');
  await expect(modView.page.locator('li.queue-item').filter({ hasText: appeal })).toHaveCount(0);
  expect(await storedComment(comment.id)).toEqual({ status: 'PUBLISHED', rejectionReason: null });
  expect((await storedAppeal(comment.id))?.status).toBe('OVERTURNED');

  await page.reload();
  await expect(removed.locator('.comment__status')).toHaveCount(0);
  await expect(removed.locator('.comment__removal')).toHaveCount(0);
  await expect(threadHeading(page)).toHaveText(countLabel(1));
  // The anonymous visitor's cached page is dropped by the restore too.
  await visitor.page.reload();
  await expect(commentWithText(visitor.page, comment.body)).toBeVisible();
  await expect(threadHeading(visitor.page)).toHaveText(countLabel(1));

  await modView.context.close();
  await visitor.context.close();
  expect([...modView.errors, ...visitor.errors]).toEqual([]);
});

test('a banned user sees the ban instead of the composer, and a post from a form left open is refused', async ({ page, browser, baseURL }) => {
  const article = await createArticle({ preModeration: 'NONE' });
  const [author, moderator] = await Promise.all([createCommenter(), createModerator()]);
  const comment = await seedComment(article, author, remark('An earlier remark'));
  const reason = `Repeated spam links ${uniqueTag()}`;

  await signIn(page, author);
  await page.goto(article.path);
  await expect(composer(page)).toBeVisible();
  // A second tab with the composer open, from before the ban.
  const staleTab = await page.context().newPage();
  const staleErrors: string[] = [];
  staleTab.on('pageerror', (error) => staleErrors.push(`page error: ${error.message}`));
  staleTab.on('console', (message) => {
    if (message.type() === 'error' && !isComposerRefusal(message.text(), message.location().url)) staleErrors.push(`console.error: ${message.text()}`);
  });
  await staleTab.goto(article.path);
  await expect(composer(staleTab)).toBeVisible();

  const modView = await openOtherBrowser(browser, baseURL);
  await signIn(modView.page, moderator);
  await modView.page.goto(queuePath('recent', article));
  const item = queueItem(modView.page, comment.body);
  await item.locator('summary', { hasText: `Act on ${author.name}` }).click();
  await item.getByRole('textbox', { name: 'Ban reason' }).fill(reason);
  await item.getByRole('button', { name: 'Ban', exact: true }).click();
  await expect(consoleNotice(modView.page)).toHaveText('Banned.');
  await expect(queueItem(modView.page, comment.body).locator('.queue-item__author')).toContainText('banned');

  // A ban ends the user's sessions: signed out on the next request...
  await page.reload();
  await expectSignedOut(page);
  // ...and free to sign in again and read, told why they cannot post.
  await signIn(page, author, `/signin?callbackUrl=${encodeURIComponent(article.path)}`);
  await expect(page).toHaveURL(new RegExp(`${article.path}$`));
  await expect(thread(page).getByRole('status').filter({ hasText: 'banned' })).toHaveText(
    `Your account is banned from posting. Reason: ${reason} You can still read the discussion.`,
  );
  await expect(composer(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Post comment' })).toHaveCount(0);
  await expect(commentWithText(page, comment.body)).toBeVisible();

  const attempt = remark('Posted after the ban');
  await composer(staleTab).fill(attempt);
  await staleTab.getByRole('button', { name: 'Post comment' }).click();
  await expect(staleTab.locator('#comment-form').getByRole('alert')).toHaveText(`Your account is banned from posting. Reason: ${reason}`);
  await expect(composer(staleTab)).toHaveValue(attempt);
  expect(await storedCommentsBy(author.id)).toEqual([{ body: comment.body, status: 'PUBLISHED' }]);

  await staleTab.close();
  await modView.context.close();
  expect([...staleErrors, ...modView.errors]).toEqual([]);
});

test('a moderator works a queue with the keyboard only: j/k move, a approves, r + arrow + Enter rejects, ? shows the help', async ({ page }) => {
  const article = await createArticle({ preModeration: 'ALL' });
  const [author, moderator] = await Promise.all([createCommenter(), createModerator()]);
  const now = Date.now();
  const [first, second, third] = [
    await seedComment(article, author, remark('First held remark'), { status: 'PENDING', createdAt: new Date(now - 3000) }),
    await seedComment(article, author, remark('Second held remark'), { status: 'PENDING', createdAt: new Date(now - 2000) }),
    await seedComment(article, author, remark('Third held remark'), { status: 'PENDING', createdAt: new Date(now - 1000) }),
  ] as const;

  await signIn(page, moderator);
  await page.goto(queuePath('pending', article));
  const items = page.locator('[data-queue-item]');
  // Pending is oldest first, so nothing waits forever.
  await expect(items.locator('.comment__body')).toHaveText([first.body, second.body, third.body]);

  // The shortcuts listen once the page is hydrated: the first j may come too early.
  await expect(async () => {
    await page.keyboard.press('j');
    await expect(items.nth(0)).toBeFocused({ timeout: 500 });
  }).toPass();
  await page.keyboard.press('j');
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press('j');
  await expect(items.nth(2)).toBeFocused();
  await page.keyboard.press('k');
  await page.keyboard.press('k');
  await expect(items.nth(0)).toBeFocused();

  await page.keyboard.press('a');
  await expect(consoleNotice(page)).toHaveText('Approved.');
  await expect(items.locator('.comment__body')).toHaveText([second.body, third.body]);
  expect((await storedComment(first.id))?.status).toBe('PUBLISHED');

  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press('r');
  const reason = queueItem(page, third.body).getByRole('combobox', { name: 'Reason', exact: true });
  await expect(reason).toBeFocused();
  await expect(reason).toHaveValue('SPAM');
  await page.keyboard.press('ArrowDown');
  await expect(reason).toHaveValue('HARASSMENT');
  await page.keyboard.press('Enter');
  await expect(consoleNotice(page)).toHaveText('Rejected.');
  await expect(items.locator('.comment__body')).toHaveText([second.body]);
  expect(await storedComment(third.id)).toEqual({ status: 'REJECTED', rejectionReason: 'HARASSMENT' });
  expect((await storedComment(second.id))?.status).toBe('PENDING');

  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeHidden();
  await page.keyboard.press('?');
  await expect(help).toBeVisible();
  await expect(help).toContainText('approve (or restore) the item');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  // The shortcuts still work after the dialog closes.
  await page.keyboard.press('j');
  await expect(items.nth(0)).toBeFocused();
});

test('a warned user sees the warning on their next visit until they press "I have read this"', async ({ page, browser, baseURL }) => {
  const article = await createArticle({ preModeration: 'NONE' });
  const [author, moderator] = await Promise.all([createCommenter(), createModerator()]);
  const comment = await seedComment(article, author, remark('A borderline remark'));
  const warning = `Keep it civil, please ${uniqueTag()}`;
  // Visible only: acknowledging re-renders the reader's own page, and Next.js keeps the shared one hidden (<Activity>).
  const banner = page.locator('.warning-banner').filter({ visible: true });

  await signIn(page, author);
  await page.goto(article.path);
  await expect(commentWithText(page, comment.body)).toBeVisible();
  await expect(banner).toHaveCount(0);

  const modView = await openOtherBrowser(browser, baseURL);
  await signIn(modView.page, moderator);
  await modView.page.goto(queuePath('recent', article));
  const item = queueItem(modView.page, comment.body);
  await item.locator('summary', { hasText: `Act on ${author.name}` }).click();
  await item.getByRole('textbox', { name: 'Warning' }).fill(warning);
  await item.getByRole('button', { name: 'Warn', exact: true }).click();
  await expect(consoleNotice(modView.page)).toHaveText('Warning sent.');

  await page.goto('/');
  await expect(banner).toHaveRole('alert');
  await expect(banner).toContainText(`A moderator has warned you: ${warning}`);
  await page.goto(article.path);
  await expect(banner).toContainText(warning);
  await banner.getByRole('button', { name: 'I have read this' }).click();
  await expect(banner).toHaveCount(0);
  expect((await storedWarning(author.id)).warningAcknowledgedAt).not.toBeNull();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(article.title);
  await expect(banner).toHaveCount(0);

  await modView.context.close();
  expect(modView.errors).toEqual([]);
});

test('closing an article’s comments in the settings replaces the composer with a notice, keeps the thread readable, and reopening brings it back', async ({
  page,
  browser,
  baseURL,
}) => {
  const article = await createArticle({ preModeration: 'NONE' });
  const [author, reader, moderator] = await Promise.all([createCommenter(), createCommenter(), createModerator()]);
  const comment = await seedComment(article, author, remark('Said before the thread closed'));
  const closedNotice = 'Comments are closed on this article. The discussion stays readable.';

  await signIn(page, reader);
  await page.goto(article.path);
  await expect(composer(page)).toBeVisible();

  const modView = await openOtherBrowser(browser, baseURL);
  await signIn(modView.page, moderator);
  await modView.page.goto('/moderation/settings');
  const row = modView.page.getByRole('row', { name: new RegExp(article.title) });
  await row.getByRole('button', { name: 'Close comments' }).click();
  await expect(consoleNotice(modView.page)).toHaveText('Comments closed.');
  await expect(row.getByRole('button', { name: 'Reopen comments' })).toBeVisible();

  await page.reload();
  await expect(thread(page).getByText(closedNotice)).toBeVisible();
  await expect(composer(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Post comment' })).toHaveCount(0);
  await expect(commentWithText(page, comment.body)).toBeVisible();
  await expect(threadHeading(page)).toHaveText(countLabel(1));

  await row.getByRole('button', { name: 'Reopen comments' }).click();
  await expect(consoleNotice(modView.page)).toHaveText('Comments reopened.');
  await expect(row.getByRole('button', { name: 'Close comments' })).toBeVisible();

  await page.reload();
  await expect(composer(page)).toBeVisible();
  await expect(thread(page).getByText(closedNotice)).toHaveCount(0);
  await expect(commentWithText(page, comment.body)).toBeVisible();

  await modView.context.close();
  expect(modView.errors).toEqual([]);
});

test('the public ledger under the thread counts removals by reason, without names', async ({ page, browser, baseURL }) => {
  const article = await createArticle({ preModeration: 'NONE' });
  const [alice, bob, moderator] = await Promise.all([createCommenter(`Ledger Alice ${uniqueTag()}`), createCommenter(`Ledger Bob ${uniqueTag()}`), createModerator()]);
  const spamOne = await seedComment(article, alice, remark('Buy cheap watches'));
  const offTopic = await seedComment(article, alice, remark('Anyone watching the match tonight'));
  const spamTwo = await seedComment(article, bob, remark('Visit my shop for deals'));
  const kept = await seedComment(article, bob, remark('A fair point about the alliance'));

  // Seen before any removal, so the anonymous page is in the cache.
  await page.goto(article.path);
  await expect(commentWithText(page, spamOne.body)).toBeVisible();
  await expect(page.locator('.ledger')).toHaveCount(0);

  const modView = await openOtherBrowser(browser, baseURL);
  await signIn(modView.page, moderator);
  await modView.page.goto(queuePath('recent', article));
  await queueItem(modView.page, spamOne.body).getByRole('checkbox').check();
  await queueItem(modView.page, spamTwo.body).getByRole('checkbox').check();
  await expect(modView.page.getByRole('combobox', { name: 'reason', exact: true })).toHaveValue('SPAM');
  await modView.page.getByRole('button', { name: 'Reject selected' }).click();
  await expect(consoleNotice(modView.page)).toHaveText('Rejected. (2 comments)');
  const offTopicItem = queueItem(modView.page, offTopic.body);
  await offTopicItem.getByRole('combobox', { name: 'Reason', exact: true }).selectOption({ label: 'Off-topic' });
  await offTopicItem.getByRole('button', { name: 'Reject' }).click();
  await expect(consoleNotice(modView.page)).toHaveText('Rejected.');

  await page.reload();
  const ledger = page.locator('#comments .ledger');
  await expect(ledger).toHaveText('3 comments removed: 2 spam, 1 off-topic. Moderation is counted from our audit log.');
  for (const name of [alice.name, bob.name, moderator.name]) await expect(ledger).not.toContainText(name);
  for (const removed of [spamOne, spamTwo, offTopic]) await expect(commentWithText(page, removed.body)).toHaveCount(0);
  await expect(commentWithText(page, kept.body)).toBeVisible();
  await expect(threadHeading(page)).toHaveText(countLabel(1));

  await modView.context.close();
  expect(modView.errors).toEqual([]);
});

test('the audit log lists the actions just taken, with who and what, and filters by action', async ({ page }) => {
  const article = await createArticle({ preModeration: 'NONE' });
  const [author, moderator] = await Promise.all([createCommenter(), createModerator()]);
  const held = await seedComment(article, author, remark('Held for review'), { status: 'PENDING' });
  const spam = await seedComment(article, author, remark('Spam to reject'));
  const warning = `Mind the house rules ${uniqueTag()}`;

  await signIn(page, moderator);
  await page.goto(queuePath('pending', article));
  await queueItem(page, held.body).getByRole('button', { name: 'Approve' }).click();
  await expect(consoleNotice(page)).toHaveText('Approved.');
  await page.goto(queuePath('recent', article));
  await queueItem(page, spam.body).getByRole('button', { name: 'Reject' }).click();
  await expect(consoleNotice(page)).toHaveText('Rejected.');
  const item = queueItem(page, held.body);
  await item.locator('summary', { hasText: `Act on ${author.name}` }).click();
  await item.getByRole('textbox', { name: 'Warning' }).fill(warning);
  await item.getByRole('button', { name: 'Warn', exact: true }).click();
  await expect(consoleNotice(page)).toHaveText('Warning sent.');

  await page.goto('/moderation/audit');
  await page.getByRole('textbox', { name: 'Actor email' }).fill(moderator.email);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/[?&]actor=/);
  const rows = page.locator('.audit-table tbody tr');
  // Newest first.
  await expect(rows.locator('td:nth-child(3)')).toHaveText(['user warned', 'comment rejected', 'comment approved']);
  await expect(rows.locator('td:nth-child(2)')).toHaveText([moderator.name, moderator.name, moderator.name]);
  await expect(rows.nth(0).locator('td:nth-child(4)')).toContainText(author.name);
  await expect(rows.nth(0).locator('td:nth-child(6)')).toHaveText(warning);
  await expect(rows.nth(1).locator('td:nth-child(4)')).toContainText(`“${spam.body}”`);
  await expect(rows.nth(1).locator('td:nth-child(6)')).toHaveText('Spam');
  await expect(rows.nth(2).locator('td:nth-child(4)')).toContainText(`“${held.body}”`);

  await page.getByRole('combobox', { name: 'Action' }).selectOption({ label: 'comment rejected' });
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/[?&]action=COMMENT_REJECTED/);
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0)).toContainText(spam.body);

  // The action filter alone: every row is that action, ours among them.
  await page.getByRole('textbox', { name: 'Actor email' }).fill('');
  await page.getByRole('combobox', { name: 'Action' }).selectOption({ label: 'user warned' });
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/[?&]action=USER_WARNED/);
  await expect(rows.filter({ hasText: author.name })).toHaveCount(1);
  const actions = await rows.locator('td:nth-child(3)').allTextContents();
  expect(actions.length).toBeGreaterThan(0);
  expect(new Set(actions)).toEqual(new Set(['user warned']));
});

test('the audit log reads in words: after a rejection and a suspension, names, the comment’s excerpt linked to it, and the change, with no ids or JSON', async ({
  page,
}) => {
  const article = await createArticle({ preModeration: 'ALL' });
  const [author, moderator] = await Promise.all([createCommenter(), createModerator()]);
  const tag = `${uniqueTag()}${uniqueTag()}`;
  // Markdown, and longer than an excerpt: the log shows its opening words as plain text.
  const held = await seedComment(article, author, `**Buy** cheap [watches](https://example.com/shop) today ${tag} ${'and more offers '.repeat(8)}`, {
    status: 'PENDING',
  });
  const suspensionReason = `Advertising again ${uniqueTag()}`;

  await signIn(page, moderator);
  await page.goto(queuePath('pending', article));
  await queueItem(page, tag).getByRole('button', { name: 'Reject' }).click();
  await expect(consoleNotice(page)).toHaveText('Rejected.');
  await page.goto(queuePath('rejected', article));
  const item = queueItem(page, tag);
  await item.locator('summary', { hasText: `Act on ${author.name}` }).click();
  await item.getByRole('combobox', { name: 'Suspend for' }).selectOption({ label: '1 day' });
  await item.getByRole('textbox', { name: 'Reason', exact: true }).fill(suspensionReason);
  await item.getByRole('button', { name: 'Suspend', exact: true }).click();
  await expect(consoleNotice(page)).toHaveText('Suspended.');

  await page.goto('/moderation/audit');
  await page.getByRole('textbox', { name: 'Actor email' }).fill(moderator.email);
  await page.getByRole('button', { name: 'Filter' }).click();
  const rows = page.locator('.audit-table tbody tr');
  await expect(rows.locator('td:nth-child(3)')).toHaveText(['user suspended', 'comment rejected']);
  const [suspension, rejection] = [rows.nth(0), rows.nth(1)];

  await expect(rejection.locator('td:nth-child(2)')).toHaveText(moderator.name);
  const excerpt = rejection.locator('td:nth-child(4)').getByRole('link', { name: /Buy cheap/ });
  await expect(excerpt).toHaveText(new RegExp(`^“Buy cheap watches today ${tag} and more offers .*…”$`));
  await expect(excerpt).toHaveAttribute('href', `${article.path}?comment=${held.id}#comment-${held.id}`);
  await expect(rejection.locator('td:nth-child(4)')).toContainText(`by ${author.name} on ${article.title}`);
  await expect(rejection.locator('td:nth-child(5)')).toHaveText('Pending → Rejected (spam)');
  await expect(rejection.locator('td:nth-child(6)')).toHaveText('Spam');

  await expect(suspension.locator('td:nth-child(2)')).toHaveText(moderator.name);
  await expect(suspension.locator('td:nth-child(4)')).toContainText(author.name);
  await expect(suspension.locator('td:nth-child(5)')).toHaveText(/^Active → Suspended until \d{1,2} [A-Z][a-z]+ \d{4}\D+\d{2}:\d{2} UTC$/);
  await expect(suspension.locator('td:nth-child(6)')).toHaveText(suspensionReason);

  for (const row of [suspension, rejection]) {
    const text = (await row.textContent()) ?? '';
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    expect(text).not.toMatch(/[{}]/);
    expect(text).not.toContain('https://example.com');
  }

  // The moderator's name filters the log to their actions.
  await rejection.locator('td:nth-child(2)').getByRole('link', { name: moderator.name }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]actor=${moderator.id}`));
  await expect(rows.locator('td:nth-child(3)')).toHaveText(['user suspended', 'comment rejected']);
});

test('a console form whose returnTo climbs out of the site brings the moderator back to the console', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  // Were the redirect to leave, the browser would ask evil.example: answer for it, so the test sees where it went.
  await page.route(/^https?:\/\/evil\.example\//, (route) => route.fulfill({ contentType: 'text/html', body: '<title>Elsewhere</title>' }));
  const article = await createArticle({ preModeration: 'ALL' });
  const [author, moderator] = await Promise.all([createCommenter(), createModerator()]);
  const held = await seedComment(article, author, remark('Approved from a tampered form'), { status: 'PENDING' });
  const other = await seedComment(article, author, remark('Approved from another tampered form'), { status: 'PENDING' });

  await signIn(page, moderator);
  for (const [comment, returnTo] of [
    // Starts with /moderation, and resolves to the path "//evil.example/x".
    [held, '/moderation/..//evil.example/x'],
    // The tab is dropped by the URL parser, then the dot segments climb out.
    [other, '/moderation/\t/../..//evil.example'],
  ] as const) {
    await page.goto(queuePath('pending', article));
    const item = queueItem(page, comment.body);
    await item.locator('input[name="returnTo"]').evaluateAll((inputs, value) => inputs.forEach((input) => ((input as HTMLInputElement).value = value)), returnTo);
    await item.getByRole('button', { name: 'Approve' }).click();
    await expect(consoleNotice(page)).toHaveText('Approved.');
    expect(new URL(page.url()).origin, returnTo).toBe(origin);
    expect(new URL(page.url()).pathname, returnTo).toBe('/moderation');
  }
});

test('cursors and ?before= the database cannot take show the first page, not an error', async ({ page }) => {
  const moderator = await createModerator();
  await signIn(page, moderator);
  const cursor = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = new Date().toISOString();
  for (const path of [
    `/moderation?queue=reported&cursor=${cursor({ key: 1.5, createdAt: now, id: '00000000-0000-4000-8000-000000000000' })}`,
    `/moderation?queue=reported&cursor=${cursor({ key: 1e300, createdAt: now, id: '00000000-0000-4000-8000-000000000000' })}`,
    `/moderation?queue=pending&cursor=${cursor({ key: 0, createdAt: now, id: 'not-a-uuid' })}`,
    '/moderation/audit?before=99999999999999999999999',
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
  }
});

const consolePaths = ['/moderation', '/moderation/settings', '/moderation/audit', '/moderation/appeals'];

test('a reader gets a 404 for every console page and a 403 from the moderation event stream', async ({ page }) => {
  const reader = await createUser();
  await signIn(page, reader);
  for (const path of consolePaths) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }), path).toHaveText('Page not found');
    await expect(page.getByRole('navigation', { name: 'Moderation' }), path).toHaveCount(0);
  }
  const events = await page.request.get('/api/moderation/events', { maxRedirects: 0, timeout: 10_000 });
  expect(events.status()).toBe(403);
  expect(events.headers()['content-type']).not.toContain('text/event-stream');
});

test('an anonymous visitor is sent to sign in from every console page and gets a 401 from the moderation event stream', async ({ page, request }) => {
  for (const path of consolePaths) {
    await page.goto(path);
    const url = new URL(page.url());
    expect(url.pathname, path).toBe('/signin');
    // Each page guards itself, so signing in returns to the page that was asked for.
    expect(url.searchParams.get('callbackUrl'), path).toBe(path);
    await expect(page.getByRole('heading', { level: 1 }), path).toHaveText('Sign in');
  }
  const events = await request.get('/api/moderation/events', { maxRedirects: 0, timeout: 10_000 });
  expect(events.status()).toBe(401);
  expect(events.headers()['content-type']).not.toContain('text/event-stream');
});

test('the console pages have no accessibility violations (axe): queue with items, appeals, settings, audit log', async ({ page }) => {
  // Four axe runs of a few seconds each, and a moderation action: over the default 30 s on a busy 2-core machine.
  test.slow();
  const article = await createArticle({ preModeration: 'ALL' });
  const [author, moderator] = await Promise.all([createCommenter(), createModerator()]);
  const held = await seedComment(article, author, remark('Held for the axe check'), { status: 'PENDING' });
  const removed = await seedComment(article, author, remark('Removed for the axe check'), { status: 'REJECTED', rejectionReason: 'OFF_TOPIC' });
  await seedAppeal(removed, author, remark('Please look again'));

  await signIn(page, moderator);
  await page.goto(queuePath('pending', article));
  await expect(queueItem(page, held.body)).toBeVisible();
  // With the author's actions open too.
  await queueItem(page, held.body)
    .locator('summary', { hasText: `Act on ${author.name}` })
    .click();
  expect(await axeViolations(page), '/moderation').toEqual([]);

  await page.goto('/moderation/appeals');
  await expect(page.locator('li.queue-item').filter({ hasText: removed.body })).toBeVisible();
  expect(await axeViolations(page), '/moderation/appeals').toEqual([]);

  await page.goto('/moderation/settings');
  await expect(page.getByRole('row', { name: new RegExp(article.title) })).toBeVisible();
  expect(await axeViolations(page), '/moderation/settings').toEqual([]);

  // An entry of this test's own, so the log has a row (names, an excerpt, links) whatever ran before.
  await page.goto(queuePath('pending', article));
  await queueItem(page, held.body).getByRole('button', { name: 'Approve' }).click();
  await expect(consoleNotice(page)).toHaveText('Approved.');
  await page.goto('/moderation/audit');
  await expect(page.locator('.audit-table tbody tr').filter({ hasText: held.body })).toBeVisible();
  expect(await axeViolations(page), '/moderation/audit').toEqual([]);
});
