// Account emails end to end (issue 13): the verification link from the caught
// mail, a password reset that signs out another browser, the notice to the
// address an account leaves (and its one-click unsubscribe), and the moderation
// policy that asks commenters for a verified address. The app sends through
// the suite's own mail catcher; e2e/mailbox.ts reads what it caught.
import type { Browser, Page } from '@playwright/test';
import { createCommenter, clearCommentLimits, composer } from './comment-fixtures';
import { deliveryOf } from './email-fixtures';
import { expect, test, uniqueClientAddress } from './fixtures';
import { waitForEmail } from './mailbox';
import { createArticle, createModerator } from './moderation-fixtures';
import { createUser, database, expectSignedInAs, expectSignedOut, findUserByEmail, signIn, strongPassword, uniqueEmail, uniqueTag } from './users';

const formAlert = (page: Page) => page.getByRole('main').getByRole('alert');
const formStatus = (page: Page) => page.getByRole('main').getByRole('status');

async function openOtherBrowser(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL, extraHTTPHeaders: { 'X-Forwarded-For': uniqueClientAddress() } });
  return context.newPage();
}

/** The one link to `path` in the email, as a path on the e2e server (links are absolute to SITE_URL). */
function linkTo(links: string[], path: string): string {
  const link = links.find((href) => new URL(href).pathname === path);
  expect(link, `a link to ${path} in ${links.join(', ')}`).toBeDefined();
  const url = new URL(link!);
  return `${url.pathname}${url.search}`;
}

test('a new reader signs up, opens the verification link from the email, and the account page says verified', async ({ page }) => {
  const name = `Verifying Reader ${uniqueTag()}`;
  const email = uniqueEmail('verify');
  const startedAt = new Date();
  await page.goto('/signup');
  await page.getByLabel('Display name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(strongPassword());
  await page.getByRole('button', { name: 'Create account' }).click();
  await expectSignedInAs(page, name);

  await page.goto('/account');
  await expect(page.getByText(`${email} (not verified)`)).toBeVisible();

  const mail = await waitForEmail({ to: email, subject: /Confirm your email address/, after: startedAt });
  expect(mail.text).toContain('works once, for 24 hours');
  await page.goto(linkTo(mail.links, '/verify-email'));
  await expect(formStatus(page)).toHaveText('Your email address is verified. Thank you.');

  await page.goto('/account');
  await expect(page.getByText(`${email} (verified)`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Resend verification email' })).toHaveCount(0);
  expect((await findUserByEmail(email))?.emailVerified).toBeInstanceOf(Date);

  // The link works once.
  await page.goto(linkTo(mail.links, '/verify-email'));
  await expect(formAlert(page)).toHaveText(/already used/);
});

test('forgot password: the emailed link sets a new password, another browser’s session ends, and the reader signs in again', async ({ page, browser, baseURL }) => {
  const reader = await createUser();
  const other = await openOtherBrowser(browser, baseURL);
  await signIn(other, reader);
  await expectSignedInAs(other, reader.name);

  const startedAt = new Date();
  await page.goto('/signin');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(`${baseURL}/forgot-password`);
  // By role: the sign-in page, kept hidden by the client router, has an Email field too.
  await page.getByRole('textbox', { name: 'Email' }).fill(reader.email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(formStatus(page)).toHaveText(new RegExp(`^If an account uses ${reader.email.replace(/[.+]/g, '\\$&')}, we have sent it a link`));

  const mail = await waitForEmail({ to: reader.email, subject: /Reset your Parley password/, after: startedAt });
  const resetPath = linkTo(mail.links, '/reset-password');
  // Opening the link twice (as a mail scanner would first) does not use it up.
  await page.goto(resetPath);
  await page.goto(resetPath);
  const newPassword = strongPassword();
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('New password again').fill(newPassword);
  await page.getByRole('button', { name: 'Save new password' }).click();

  await expect(page).toHaveURL(`${baseURL}/signin?notice=password-reset`);
  await expect(formStatus(page)).toHaveText(/Your password is changed and every session of your account has ended/);
  await other.goto('/');
  await expectSignedOut(other);

  await signIn(page, { email: reader.email, password: newPassword });
  await expectSignedInAs(page, reader.name);
  await page.goto(resetPath);
  await expect(formAlert(page)).toHaveText(/already used/);
  await other.context().close();
});

test('a verified reader changes their address: the old one gets a notice with no link back, the new one its link; the notice’s one-click unsubscribe needs no cookie', async ({
  page,
  playwright,
}) => {
  const reader = await createUser({ emailVerifiedByProvider: true });
  const newEmail = uniqueEmail('moved');
  await signIn(page, reader);
  await page.goto('/account');
  const form = page.locator('form').filter({ has: page.getByLabel('New email') });
  const startedAt = new Date();
  await form.getByLabel('New email').fill(newEmail);
  await form.getByLabel('Current password').fill(reader.password);
  await form.getByRole('button', { name: 'Change email' }).click();
  await expect(formStatus(page).filter({ hasText: 'Your address is now' })).toHaveText(`Your address is now ${newEmail}. Open the link we sent there to verify it.`);

  const notice = await waitForEmail({ to: reader.email, subject: /The email address of your Parley account was changed/, after: startedAt });
  expect(notice.text).toContain(`${newEmail[0]}•••@`);
  expect(`${notice.text}${notice.html}`).not.toContain(newEmail);
  expect(notice.links.filter((href) => /verify-email|reset-password/.test(href))).toEqual([]);
  const verification = await waitForEmail({ to: newEmail, subject: /Confirm your email address/, after: startedAt });
  expect(verification.links.some((href) => href.includes('/verify-email?token='))).toBe(true);

  expect(notice.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  const unsubscribeUrl = notice.headers.get('list-unsubscribe')!.slice(1, -1);
  expect(notice.links).toContain(unsubscribeUrl);
  const mailClient = await playwright.request.newContext();
  try {
    const answer = await mailClient.post(unsubscribeUrl, { form: { 'List-Unsubscribe': 'One-Click' } });
    expect(answer.status()).toBe(200);
    expect(await answer.text()).toContain('You will no longer get email about any notification');
  } finally {
    await mailClient.dispose();
  }
  for (const topic of ['REPLY', 'MENTION', 'FOLLOWED_THREAD', 'MODERATION']) expect(await deliveryOf(reader.id, topic)).toBe('IN_APP');
});

test('an unknown address gets the same answer from forgot password', async ({ page }) => {
  const email = uniqueEmail('nobody');
  await page.goto('/forgot-password');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(formStatus(page)).toHaveText(/^If an account uses .*, we have sent it a link to choose a new password\./);
});

test('under "a verified email is required to post", an unverified reader is told, keeps the draft, and posts after verifying', async ({ page, browser, baseURL }) => {
  const [reader, moderator] = await Promise.all([createCommenter(), createModerator()]);
  const article = await createArticle({ preModeration: 'NONE' });
  const modView = await openOtherBrowser(browser, baseURL);
  try {
    await signIn(modView, moderator);
    await modView.goto('/moderation/settings');
    await modView.getByLabel('A verified email is required to post').check();
    await modView.getByRole('button', { name: 'Save policy' }).click();
    await expect(modView.getByRole('main').getByRole('status')).toHaveText('Policy saved.');

    await signIn(page, reader);
    await page.goto(article.path);
    const draft = `A draft worth keeping ${uniqueTag()}`;
    await composer(page).fill(draft);
    await page.getByRole('button', { name: 'Post comment' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'verify their email address first' })).toBeVisible();
    await expect(composer(page)).toHaveValue(draft);

    const startedAt = new Date();
    await page.getByRole('button', { name: 'Resend verification email' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'A new verification link is on its way' })).toBeVisible();
    const mail = await waitForEmail({ to: reader.email, subject: /Confirm your email address/, after: startedAt });
    await page.goto(linkTo(mail.links, '/verify-email'));
    await expect(formStatus(page)).toHaveText('Your email address is verified. Thank you.');

    await clearCommentLimits(reader.id);
    await page.goto(article.path);
    await expect(composer(page)).toHaveValue(draft);
    await page.getByRole('button', { name: 'Post comment' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Your comment is posted.' })).toBeVisible();
  } finally {
    await database().query(`UPDATE "ModerationPolicy" SET "requireVerifiedEmail" = false`);
    await modView.context().close();
  }
});
