// Email end to end: the app's in-process worker sends a notification email
// through SMTP to the suite's mail catcher (scripts/test.ts); the reader
// unsubscribes with one click (a POST with no cookie, as a mail client sends
// it) or through the footer link; admins read caught mail at /dev/mailbox and
// retry failed jobs at /admin/jobs, without JavaScript.
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { deliveryOf, jobState, notifyByEmail, seedFailedJob } from './email-fixtures';
import { expect, test } from './fixtures';
import { waitForEmail } from './mailbox';
import { createArticle, seedComment } from './moderation-fixtures';
import { createUser, signIn } from './users';

/** A verified reader with a comment, and a reply to it whose notification is to be emailed. */
async function replied() {
  const article = await createArticle();
  const [reader, replier] = await Promise.all([createUser({ emailVerifiedByProvider: true }), createUser({ name: `Replier ${randomUUID().slice(0, 6)}` })]);
  const comment = await seedComment(article, reader, `My point ${randomUUID()}`);
  const reply = await seedComment(article, replier, `A reply <b>with</b> ${randomUUID()}`);
  return { article, reader, replier, comment, reply };
}

test('a reply notification arrives by email, and its one-click unsubscribe (POST, no cookie) turns reply emails off', async ({ playwright, baseURL }) => {
  const { article, reader, replier, reply } = await replied();
  const sentAfter = new Date();
  await notifyByEmail({ recipientId: reader.id, kind: 'REPLY', commentId: reply.id, actorId: replier.id });

  const email = await waitForEmail({ to: reader.email, subject: /replied to your comment/, after: sentAfter });
  expect(email.subject).toBe(`${replier.name} replied to your comment on “${article.title}”`);
  expect(email.text).toContain(reply.body);
  expect(email.links).toContain(`${baseURL}/articles/${article.slug}?comment=${reply.id}#comment-${reply.id}`);
  expect(email.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  const unsubscribeUrl = email.headers.get('list-unsubscribe')!.slice(1, -1);

  const mailClient = await playwright.request.newContext();
  try {
    const answer = await mailClient.post(unsubscribeUrl, { form: { 'List-Unsubscribe': 'One-Click' } });
    expect(answer.status()).toBe(200);
    expect(await answer.text()).toContain('You will no longer get email about replies to your comments');
    expect(await deliveryOf(reader.id, 'REPLY')).toBe('IN_APP');

    const forged = await mailClient.post(unsubscribeUrl.replace(/.{4}$/, 'AAAA'), { form: { 'List-Unsubscribe': 'One-Click' } });
    expect(forged.status()).toBe(400);
    expect(await forged.text()).toContain('This unsubscribe link is not valid');
  } finally {
    await mailClient.dispose();
  }
});

test('the footer link asks before it unsubscribes; the button does it', async ({ page }) => {
  const reader = await createUser({ emailVerifiedByProvider: true });
  const sentAfter = new Date();
  await notifyByEmail({ recipientId: reader.id, kind: 'WARNING', detail: 'Please keep it civil.' });
  const email = await waitForEmail({ to: reader.email, subject: /warning/, after: sentAfter });
  expect(email.text).toContain('A moderator sent you a warning: Please keep it civil.');
  const footerLink = email.links.find((link) => link.includes('/unsubscribe?token='))!;

  await page.goto(footerLink);
  await expect(page.getByRole('heading', { name: 'Stop these emails?' })).toBeVisible();
  expect(await deliveryOf(reader.id, 'MODERATION')).toBeUndefined();
  await page.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(page.getByRole('heading', { name: 'Unsubscribed' })).toBeVisible();
  expect(await deliveryOf(reader.id, 'MODERATION')).toBe('IN_APP');
});

test('an admin reads caught mail at /dev/mailbox: the list, the message with its links, its HTML in a sandboxed frame', async ({ page }) => {
  const { reader, replier, reply } = await replied();
  const sentAfter = new Date();
  await notifyByEmail({ recipientId: reader.id, kind: 'REPLY', commentId: reply.id, actorId: replier.id });
  const email = await waitForEmail({ to: reader.email, after: sentAfter });

  const admin = await createUser({ role: 'ADMIN' });
  await signIn(page, admin);
  await page.goto('/dev/mailbox');
  await expect(page.getByRole('heading', { name: 'Mailbox', level: 1 })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: reader.email });
  // axe on the list only: it injects itself into every frame, and the message's sandboxed frame refuses scripts.
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
  await row.getByRole('link', { name: email.subject }).click();
  await expect(page.getByRole('heading', { name: email.subject, level: 1 })).toBeVisible();
  await expect(page.locator('.mail-text')).toContainText(reply.body);
  const permalink = email.links.find((link) => link.includes('?comment='))!;
  await expect(page.locator('.mail-text').getByRole('link', { name: permalink })).toHaveAttribute('href', permalink);
  const frame = page.locator('iframe.mail-html');
  await expect(frame).toHaveAttribute('sandbox', 'allow-popups allow-popups-to-escape-sandbox');
  // The email's own HTML, the reply in it as escaped text. (Not read from inside the frame:
  // no test script can run in a frame sandboxed without allow-scripts, and Chromium reports
  // each attempt as a console error.)
  const escaped = reply.body.replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const srcdoc = (await frame.getAttribute('srcdoc')) ?? '';
  expect(srcdoc).toContain('<base target="_blank">');
  expect(srcdoc).toContain(escaped);
  await expect(frame).toBeVisible();
});

test('/dev/mailbox is not there for readers or moderators (404), and anonymous visitors are asked to sign in', async ({ page, browser }) => {
  const reader = await createUser();
  await signIn(page, reader);
  expect((await page.goto('/dev/mailbox'))?.status()).toBe(404);
  const moderator = await createUser({ role: 'MODERATOR' });
  const other = await browser.newPage();
  try {
    await signIn(other, moderator);
    expect((await other.goto('/dev/mailbox'))?.status()).toBe(404);
  } finally {
    await other.close();
  }
  const anonymous = await browser.newPage();
  try {
    await anonymous.goto('/dev/mailbox');
    await expect(anonymous).toHaveURL(/\/signin\?callbackUrl=%2Fdev%2Fmailbox$/);
  } finally {
    await anonymous.close();
  }
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('an admin retries a failed job at /admin/jobs; it runs again', async ({ page }) => {
    const name = 'notification-digest-recipient';
    const error = `connect ECONNREFUSED ${randomUUID()}`;
    const id = await seedFailedJob(name, { userId: randomUUID(), hour: '2026-12-01T08:00:00.000Z' }, error);
    const admin = await createUser({ role: 'ADMIN' });
    await signIn(page, admin);
    await page.goto('/admin/jobs');
    const row = page.getByRole('row').filter({ hasText: error });
    await row.getByRole('button', { name: /Retry/ }).click();
    await expect(page.getByRole('status')).toHaveText('The job is queued again; the worker will run it shortly.');
    await expect.poll(() => jobState(name, id), { timeout: 15_000 }).toBe('completed');
  });
});
