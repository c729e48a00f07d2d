import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

// SMTP_URL is read once (lib/env.ts): point it at a port of our own before anything imports it.
const smtpPort = await vi.hoisted(() => import('@/lib/email/test-smtp-server').then((smtp) => smtp.pointSmtpUrlAtFreePort()));

import { POST as unsubscribePost } from '@/app/unsubscribe/route';
import { db } from '@/lib/db';
import { startTestSmtpServer, type TestSmtpServer } from '@/lib/email/test-smtp-server';
import { env } from '@/lib/env';
import { createActor, createTestArticle, post, refusal } from '@/lib/comments/test-fixtures';
import { listAuditLogAs } from '@/lib/moderation/list-audit-log';
import { getModerationPolicy } from '@/lib/moderation/policy';
import { updatePolicyAs } from '@/lib/moderation/update-policy';
import { resolveSessionUser } from './current-user';
import { hashEmailToken, issueEmailToken } from './email-tokens';
import { resendVerificationEmailAs } from './resend-verification-email';
import { signUpSchema } from './schema';
import { openSession } from './session-records';
import { createPasswordAccount } from './sign-up';
import { runQueuedJobs } from './test-email-jobs';
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
const forUser = (userId: string) => (data: Record<string, unknown>) => data.userId === userId;

/** Runs the user's queued verification jobs and returns the token from the link of the email that arrived. */
async function tokenFromVerificationEmail(userId: string, email: string): Promise<string> {
  expect(await runQueuedJobs(verificationEmailJob, forUser(userId))).toBeGreaterThan(0);
  const message = await smtp.waitFor((received) => received.to.includes(email));
  const link = message.links.find((href) => href.startsWith(`${env.SITE_URL}/verify-email?token=`));
  expect(link, `a link to ${env.SITE_URL}/verify-email in ${message.links.join(', ')}`).toBeDefined();
  return new URL(link!).searchParams.get('token')!;
}

async function signUp(email = `new-${randomUUID()}@example.test`) {
  return { email, ...(await createPasswordAccount(signUpSchema.parse({ name: 'New Reader', email, password: 'a long enough passphrase' }), ip())) };
}

describe('email verification', () => {
  test('a sign-up queues its verification email with the account; the link (absolute, hashed at rest) verifies the address once', async () => {
    const user = await signUp();
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).toBeNull();

    const token = await tokenFromVerificationEmail(user.id, user.email);
    const message = smtp.received.find((received) => received.to.includes(user.email))!;
    expect(message.subject).toBe('Confirm your email address');
    expect(message.text).toContain(token);
    const stored = await db.emailToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored).toMatchObject({ purpose: 'VERIFY_EMAIL', email: user.email, tokenHash: hashEmailToken(token), usedAt: null });
    expect(JSON.stringify(stored)).not.toContain(token);
    const lifetime = stored.expiresAt.getTime() - stored.createdAt.getTime();
    expect(lifetime).toBeGreaterThan(24 * 3600_000 - 5000);
    expect(lifetime).toBeLessThanOrEqual(24 * 3600_000 + 5000);

    await expect(verifyEmailWithToken(token)).resolves.toEqual({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).toBeInstanceOf(Date);
    expect(await db.authEvent.count({ where: { userId: user.id, type: 'EMAIL_VERIFIED' } })).toBe(1);

    const reused = await verifyEmailWithToken(token);
    expect(reused).toMatchObject({ ok: false, message: expect.stringMatching(/already used/) });
  });

  test('a sign-up that fails (address taken) queues no email', async () => {
    const existing = await createTestUser();
    await expect(signUp(existing.email)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await runQueuedJobs(verificationEmailJob, (data) => data.email === existing.email)).toBe(0);
  });

  test('expired, unknown, malformed and wrong-purpose links each get their own message and change nothing', async () => {
    const user = await createTestUser();
    const expired = await issueEmailToken(db, { userId: user.id, purpose: 'VERIFY_EMAIL', email: user.email });
    await db.emailToken.update({ where: { tokenHash: hashEmailToken(expired) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const resetToken = await issueEmailToken(db, { userId: user.id, purpose: 'RESET_PASSWORD', email: user.email });

    expect(await verifyEmailWithToken(expired)).toEqual({ ok: false, message: expect.stringMatching(/has expired/) });
    expect(await verifyEmailWithToken('A'.repeat(43))).toEqual({ ok: false, message: expect.stringMatching(/is not valid/) });
    expect(await verifyEmailWithToken(resetToken)).toEqual({ ok: false, message: expect.stringMatching(/is not valid/) });
    for (const malformed of [undefined, '', 'short', ['a', 'b'], `${expired}x`]) {
      expect(await verifyEmailWithToken(malformed)).toEqual({ ok: false, message: expect.stringMatching(/incomplete/) });
    }
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).toBeNull();
    expect((await db.emailToken.findUniqueOrThrow({ where: { tokenHash: hashEmailToken(resetToken) } })).usedAt).toBeNull();
  });

  test('a link sent to an address the account has since left verifies nothing', async () => {
    const user = await createTestUser();
    const token = await issueEmailToken(db, { userId: user.id, purpose: 'VERIFY_EMAIL', email: user.email });
    await db.user.update({ where: { id: user.id }, data: { email: `moved-${randomUUID()}@example.test` } });
    expect(await verifyEmailWithToken(token)).toEqual({ ok: false, message: expect.stringMatching(/no longer uses/) });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).toBeNull();
  });

  test('the job sends nothing for an address verified (or changed) since it was queued', async () => {
    const user = await signUp();
    await db.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
    await runQueuedJobs(verificationEmailJob, forUser(user.id));
    expect(await db.emailToken.count({ where: { userId: user.id } })).toBe(0);
    expect(smtp.received.some((received) => received.to.includes(user.email))).toBe(false);
  });

  test('the email has a one-click unsubscribe for the account (header and footer): its POST, with no cookie, turns every notification email to in-app only', async () => {
    const user = await signUp();
    await db.notificationPreference.create({ data: { userId: user.id, topic: 'FOLLOWED_THREAD', delivery: 'OFF' } });
    await tokenFromVerificationEmail(user.id, user.email);
    const message = smtp.received.find((received) => received.to.includes(user.email))!;
    const header = message.headers.get('list-unsubscribe') ?? '';
    expect(header).toMatch(/^<.+>$/);
    const url = header.slice(1, -1);
    expect(url.startsWith(`${env.SITE_URL}/unsubscribe?token=`)).toBe(true);
    expect(message.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(message.links).toContain(url);
    expect(message.text).toContain('Stop all notification emails from this account');

    const response = await unsubscribePost(
      new Request(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' }),
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('You will no longer get email about any notification');
    const deliveries = await db.notificationPreference.findMany({ where: { userId: user.id }, select: { topic: true, delivery: true } });
    // Off stays off: unsubscribing never turns anything on.
    expect(Object.fromEntries(deliveries.map((row) => [row.topic, row.delivery]))).toEqual({
      REPLY: 'IN_APP',
      MENTION: 'IN_APP',
      FOLLOWED_THREAD: 'OFF',
      MODERATION: 'IN_APP',
    });
  });

  test('"Resend" sends a new working link, at most three an hour, and not to a verified address', async () => {
    const user = await createTestUser();
    const actor = (await resolveSessionUser(await openSession(user)))!;
    await resendVerificationEmailAs(actor, ip());
    const token = await tokenFromVerificationEmail(user.id, user.email);
    await resendVerificationEmailAs(actor, ip());
    await resendVerificationEmailAs(actor, ip());
    const limited = await refusal(resendVerificationEmailAs(actor, ip()), 'RATE_LIMITED');
    expect(limited.details.retryAfterSeconds).toBeGreaterThan(0);

    await expect(verifyEmailWithToken(token)).resolves.toEqual({ ok: true });
    const verified = (await resolveSessionUser(await openSession(user)))!;
    await refusal(resendVerificationEmailAs(verified, ip()), 'CONFLICT');
  });
});

describe('the "verified email required to post" policy', () => {
  test('when on, an unverified reader is refused with EMAIL_NOT_VERIFIED and nothing is stored; verified, they post; the change is audited', async () => {
    const moderator = await createActor({ role: 'MODERATOR' });
    const { updatedAt: _u, ...before } = await getModerationPolicy();
    const article = await createTestArticle();
    const reader = await createActor();
    try {
      await updatePolicyAs(moderator, { ...before, requireVerifiedEmail: true });
      const error = await refusal(post(reader, article.id, { body: 'My careful draft' }), 'EMAIL_NOT_VERIFIED');
      expect(error.message).toMatch(/verify their email address first/);
      expect(error.message).toContain(reader.email);
      expect(await db.comment.count({ where: { articleId: article.id } })).toBe(0);

      await db.user.update({ where: { id: reader.id }, data: { emailVerified: new Date() } });
      const verified = (await resolveSessionUser(await openSession(reader)))!;
      await expect(post(verified, article.id, { body: 'My careful draft' })).resolves.toMatchObject({ status: 'PUBLISHED' });

      const [entry] = (await listAuditLogAs(moderator, { actor: moderator.id, action: 'POLICY_UPDATED' })).entries;
      expect(JSON.stringify(entry)).toContain('Verified email to post');
    } finally {
      await updatePolicyAs(moderator, { ...before, requireVerifiedEmail: false });
    }
    // Off again: unverified readers post as before.
    const unverified = await createActor();
    await expect(post(unverified, article.id)).resolves.toMatchObject({ status: 'PUBLISHED' });
  });
});
