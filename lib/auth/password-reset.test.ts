import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

// SMTP_URL is read once (lib/env.ts): point it at a port of our own before anything imports it.
const smtpPort = await vi.hoisted(() => import('@/lib/email/test-smtp-server').then((smtp) => smtp.pointSmtpUrlAtFreePort()));

import { db } from '@/lib/db';
import { startTestSmtpServer, type TestSmtpServer } from '@/lib/email/test-smtp-server';
import { env } from '@/lib/env';
import { refusal } from '@/lib/comments/test-fixtures';
import { unsubscribeUrl } from '@/lib/notifications/unsubscribe-token';
import { changeEmailAs } from './change-email';
import { emailChangedNoticeJob, maskedAddress } from './email-changed-notice-job';
import { resolveSessionUser } from './current-user';
import { checkEmailToken, hashEmailToken, issueEmailToken } from './email-tokens';
import { passwordResetEmailJob } from './password-reset-email-job';
import { requestPasswordResetFrom } from './request-password-reset';
import { resetPasswordFrom } from './reset-password';
import { changeEmailSchema, resetPasswordSchema, signInSchema } from './schema';
import { openSession } from './session-records';
import { verifyCredentials } from './sign-in-with-password';
import { countQueuedJobs, runQueuedJobs } from './test-email-jobs';
import { createTestUser } from './test-users';
import { verificationEmailJob } from './verification-email-job';
import { verifyEmailWithToken } from './verify-email';

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startTestSmtpServer(smtpPort);
});
afterAll(async () => {
  await smtp.stop();
  await db.$disconnect();
});

const ip = () => `test-${randomUUID()}`;
const OLD_PASSWORD = 'the old forgotten passphrase';
const NEW_PASSWORD = 'a brand new passphrase';
const toAddress = (email: string) => (data: Record<string, unknown>) => data.email === email;
const reset = (token: string, password = NEW_PASSWORD) =>
  resetPasswordFrom(ip(), resetPasswordSchema.parse({ token, newPassword: password, confirmPassword: password }));
const passwordSignIn = (email: string, password: string) => verifyCredentials(signInSchema.parse({ email, password }), ip());

async function tokenFromResetEmail(email: string): Promise<string> {
  const message = await smtp.waitFor((received) => received.to.includes(email) && /reset/i.test(received.subject));
  const link = message.links.find((href) => href.startsWith(`${env.SITE_URL}/reset-password?token=`));
  expect(link, `a link to ${env.SITE_URL}/reset-password in ${message.links.join(', ')}`).toBeDefined();
  return new URL(link!).searchParams.get('token')!;
}

describe('forgot password', () => {
  test('the link (absolute, one hour, hashed at rest) sets a new password once, ends every session and verifies the address', async () => {
    const user = await createTestUser({ password: OLD_PASSWORD });
    const sessions = [await openSession(user), await openSession(user)];

    await requestPasswordResetFrom(ip(), user.email);
    expect(await runQueuedJobs(passwordResetEmailJob, toAddress(user.email))).toBe(1);
    const token = await tokenFromResetEmail(user.email);
    const message = smtp.received.find((received) => received.to.includes(user.email))!;
    // Like every email: one-click unsubscribe, here from every notification email of the account.
    expect(message.headers.get('list-unsubscribe')).toBe(`<${unsubscribeUrl(user.id, 'ALL')}>`);
    expect(message.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(message.links).toContain(unsubscribeUrl(user.id, 'ALL'));
    const stored = await db.emailToken.findUniqueOrThrow({ where: { tokenHash: hashEmailToken(token) } });
    expect(stored).toMatchObject({ userId: user.id, purpose: 'RESET_PASSWORD', email: user.email, usedAt: null });
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBeLessThanOrEqual(3600_000 + 5000);

    // Opening the link (the page, or a mail scanner fetching it) does not use it up.
    expect(await checkEmailToken(token, 'RESET_PASSWORD')).toMatchObject({ ok: true });
    expect(await checkEmailToken(token, 'RESET_PASSWORD')).toMatchObject({ ok: true });

    await reset(token);
    for (const session of sessions) expect(await resolveSessionUser(session)).toBeNull();
    await expect(passwordSignIn(user.email, NEW_PASSWORD)).resolves.toMatchObject({ id: user.id });
    await expect(passwordSignIn(user.email, OLD_PASSWORD)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).toBeInstanceOf(Date);
    expect(await db.authEvent.count({ where: { userId: user.id, type: 'PASSWORD_RESET' } })).toBe(1);

    const reused = await refusal(reset(token, 'yet another passphrase'), 'INVALID_INPUT');
    expect(reused.message).toMatch(/already used/);
    await expect(passwordSignIn(user.email, NEW_PASSWORD)).resolves.toMatchObject({ id: user.id });
  });

  test('an unknown address gets the same answer and queues the same job, which sends nothing', async () => {
    const known = await createTestUser({ password: OLD_PASSWORD });
    const unknown = `nobody-${randomUUID()}@example.test`;
    const answers = [await requestPasswordResetFrom(ip(), known.email), await requestPasswordResetFrom(ip(), unknown)];
    expect(answers[1]).toEqual(answers[0]);
    expect(await countQueuedJobs(passwordResetEmailJob, toAddress(known.email))).toBe(1);
    expect(await countQueuedJobs(passwordResetEmailJob, toAddress(unknown))).toBe(1);

    expect(await runQueuedJobs(passwordResetEmailJob, toAddress(unknown))).toBe(1);
    expect(await runQueuedJobs(passwordResetEmailJob, toAddress(known.email))).toBe(1);
    await tokenFromResetEmail(known.email);
    expect(smtp.received.some((received) => received.to.includes(unknown))).toBe(false);
    expect(await db.emailToken.count({ where: { email: unknown } })).toBe(0);
  });

  test('requests are limited per address (whoever asks) and per client (whatever the address)', async () => {
    const email = `limited-${randomUUID()}@example.test`;
    for (let i = 0; i < 3; i += 1) await requestPasswordResetFrom(ip(), email);
    const perAddress = await refusal(requestPasswordResetFrom(ip(), email), 'RATE_LIMITED');
    expect(perAddress.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(await countQueuedJobs(passwordResetEmailJob, toAddress(email))).toBe(3);

    const client = ip();
    for (let i = 0; i < 10; i += 1) await requestPasswordResetFrom(client, `spray-${randomUUID()}@example.test`);
    const spray = `spray-${randomUUID()}@example.test`;
    await refusal(requestPasswordResetFrom(client, spray), 'RATE_LIMITED');
    expect(await countQueuedJobs(passwordResetEmailJob, toAddress(spray))).toBe(0);
  });

  test('expired, unknown and verification links cannot reset; the password keeps the sign-up rules', async () => {
    const user = await createTestUser({ password: OLD_PASSWORD });
    const expired = await issueEmailToken(db, { userId: user.id, purpose: 'RESET_PASSWORD', email: user.email });
    await db.emailToken.update({ where: { tokenHash: hashEmailToken(expired) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const verification = await issueEmailToken(db, { userId: user.id, purpose: 'VERIFY_EMAIL', email: user.email });

    expect((await refusal(reset(expired), 'INVALID_INPUT')).message).toMatch(/has expired/);
    expect((await refusal(reset(verification), 'INVALID_INPUT')).message).toMatch(/not valid/);
    expect((await refusal(reset('B'.repeat(43)), 'INVALID_INPUT')).message).toMatch(/not valid/);
    expect((await refusal(reset('nope'), 'INVALID_INPUT')).message).toMatch(/incomplete/);
    await expect(passwordSignIn(user.email, OLD_PASSWORD)).resolves.toMatchObject({ id: user.id });

    const weak = resetPasswordSchema.safeParse({ token: expired, newPassword: 'password', confirmPassword: 'password' });
    expect(weak.success).toBe(false);
    const mismatch = resetPasswordSchema.safeParse({ token: expired, newPassword: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}!` });
    expect(mismatch.error?.issues[0]?.path).toEqual(['confirmPassword']);
  });
});

describe('changing the email address', () => {
  test('the new address is unverified until its own link is opened; old links stop working; the password is required', async () => {
    const user = await createTestUser({ password: OLD_PASSWORD, emailVerified: new Date() });
    const actor = (await resolveSessionUser(await openSession(user)))!;
    const oldReset = await issueEmailToken(db, { userId: user.id, purpose: 'RESET_PASSWORD', email: user.email });
    const newEmail = `moved-${randomUUID()}@example.test`;

    const wrongPassword = await refusal(changeEmailAs(actor, ip(), changeEmailSchema.parse({ email: newEmail, currentPassword: 'not it' })), 'INVALID_INPUT');
    expect(wrongPassword.details.fieldErrors?.currentPassword).toBeDefined();
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);

    await changeEmailAs(actor, ip(), changeEmailSchema.parse({ email: newEmail.toUpperCase(), currentPassword: OLD_PASSWORD }));
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ email: newEmail, emailVerified: null });
    expect((await refusal(reset(oldReset), 'INVALID_INPUT')).message).toMatch(/no longer uses/);

    expect(await runQueuedJobs(verificationEmailJob, (data) => data.userId === user.id)).toBe(1);
    const message = await smtp.waitFor((received) => received.to.includes(newEmail));
    const token = new URL(message.links.find((href) => href.includes('/verify-email?token='))!).searchParams.get('token');
    await expect(verifyEmailWithToken(token)).resolves.toEqual({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).toBeInstanceOf(Date);
  });

  test('an address another account uses is refused', async () => {
    const [user, other] = await Promise.all([createTestUser({ password: OLD_PASSWORD }), createTestUser()]);
    const actor = (await resolveSessionUser(await openSession(user)))!;
    const error = await refusal(changeEmailAs(actor, ip(), changeEmailSchema.parse({ email: other.email, currentPassword: OLD_PASSWORD })), 'CONFLICT');
    expect(error.details.fieldErrors?.email).toEqual(['Another account uses this address.']);
    // Nothing of the change is left, its emails included.
    expect(await countQueuedJobs(emailChangedNoticeJob, (data) => data.userId === user.id)).toBe(0);
    expect(await countQueuedJobs(verificationEmailJob, (data) => data.userId === user.id)).toBe(0);
  });

  test('the old, verified address gets a security notice: queued with the change, the new address half hidden, no link that undoes it', async () => {
    const user = await createTestUser({ name: 'Old Owner', password: OLD_PASSWORD, emailVerified: new Date() });
    const actor = (await resolveSessionUser(await openSession(user)))!;
    const newEmail = `moved-${randomUUID()}@example.test`;
    await changeEmailAs(actor, ip(), changeEmailSchema.parse({ email: newEmail, currentPassword: OLD_PASSWORD }));
    expect(await countQueuedJobs(emailChangedNoticeJob, (data) => data.userId === user.id && data.oldEmail === user.email)).toBe(1);

    expect(await runQueuedJobs(emailChangedNoticeJob, (data) => data.userId === user.id)).toBe(1);
    const notice = await smtp.waitFor((received) => received.to.includes(user.email));
    expect(notice.to).toEqual([user.email]);
    expect(notice.subject).toBe('The email address of your Parley account was changed');
    expect(notice.text).toContain('Hello Old Owner');
    expect(notice.text).toContain(`to ${maskedAddress(newEmail)}`);
    expect(maskedAddress(newEmail)).toBe('m•••@example.test');
    expect(notice.text + notice.html).not.toContain(newEmail);
    expect(notice.text).toMatch(/On \d{1,2} \w+ \d{4},? (at )?\d{2}:\d{2} UTC, the email address/);
    expect(notice.text).toContain('“Forgot password” cannot help you here');
    expect(notice.links).toContain(`${env.SITE_URL}/signin`);
    expect(notice.links.filter((href) => /token=/.test(href))).toEqual([unsubscribeUrl(user.id, 'ALL')]);
    expect(notice.headers.get('list-unsubscribe')).toBe(`<${unsubscribeUrl(user.id, 'ALL')}>`);
    expect(notice.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    // The new address gets its verification link, and only that.
    expect(await runQueuedJobs(verificationEmailJob, (data) => data.userId === user.id)).toBe(1);
    await smtp.waitFor((received) => received.to.includes(newEmail));
    expect(smtp.received.filter((received) => received.to.includes(user.email))).toHaveLength(1);
  });

  test('an old address that was never verified gets no notice (it may not be the reader’s)', async () => {
    const user = await createTestUser({ password: OLD_PASSWORD });
    const actor = (await resolveSessionUser(await openSession(user)))!;
    await changeEmailAs(actor, ip(), changeEmailSchema.parse({ email: `moved-${randomUUID()}@example.test`, currentPassword: OLD_PASSWORD }));
    expect(await countQueuedJobs(emailChangedNoticeJob, (data) => data.userId === user.id)).toBe(0);
    expect(await countQueuedJobs(verificationEmailJob, (data) => data.userId === user.id)).toBe(1);
  });
});
