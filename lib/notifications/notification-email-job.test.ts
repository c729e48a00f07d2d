import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { TestSmtpServer } from '@/lib/email/test-smtp-server';

// SMTP_URL is read once (lib/env.ts): point it at a port of our own before anything imports it.
const smtpPort = await vi.hoisted(() => import('@/lib/email/test-smtp-server').then((smtp) => smtp.pointSmtpUrlAtFreePort()));

const { startTestSmtpServer } = await import('@/lib/email/test-smtp-server');
const { db } = await import('@/lib/db');
const { env } = await import('@/lib/env');
const { JOB_SCHEMA } = await import('@/lib/jobs/job-queue');
const { createActor, createTestArticle, post } = await import('@/lib/comments/test-fixtures');
const { deliverNotificationEmail, notificationEmailJob, EMAIL_WINDOW_MS } = await import('./notification-email-job');
const { unsubscribe } = await import('./unsubscribe');

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startTestSmtpServer(smtpPort);
});
afterAll(async () => {
  await smtp.stop();
  await db.$disconnect();
});

/** Posting the reply wrote its notification (lib/notifications/create-notifications.ts, in the same transaction). */
const replyNotificationOf = (recipientId: string, commentId: string) =>
  db.notification.findUniqueOrThrow({ where: { recipientId_commentId_kind: { recipientId, commentId, kind: 'REPLY' } } });
const verified = () => createActor({ emailVerified: new Date(), email: `reader-${randomUUID()}@example.test` });
const mailTo = (address: string) => smtp.received.filter((email) => email.to.includes(address));
/** Lets any email in flight arrive before asserting that none did. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

async function replyNotification(options: { body?: string } = {}) {
  const article = await createTestArticle({ title: 'Ships & <Harbours>' });
  const author = await verified();
  const replier = await createActor({ name: 'Bea <b>Replier</b>' });
  const parent = await post(author, article.id);
  const reply = await post(replier, article.id, { replyToId: parent.id, body: options.body ?? `A reply ${randomUUID()}` });
  const notification = await replyNotificationOf(author.id, reply.id);
  return { article, author, replier, parent, reply, notification };
}

describe('a reply notification email', () => {
  test('says who replied, quotes the reply as escaped text, links to it, groups by thread and can be unsubscribed from in one click', async () => {
    const { article, author, reply, notification } = await replyNotification({ body: 'I **disagree** <script>alert(1)</script> & so on' });
    await deliverNotificationEmail(notification.id);

    const email = await smtp.waitFor((e) => e.to.includes(author.email));
    expect(email.subject).toBe('Bea <b>Replier</b> replied to your comment on “Ships & <Harbours>”');
    expect(email.text).toContain('I disagree <script>alert(1)</script> & so on');
    expect(email.html).toContain('I disagree &lt;script&gt;alert(1)&lt;/script&gt; &amp; so on');
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<strong>');

    const permalink = `${env.SITE_URL}/articles/${article.slug}?comment=${reply.id}#comment-${reply.id}`;
    expect(email.links).toContain(permalink);
    expect(email.text).toContain(permalink);

    expect(email.headers.get('message-id')).toMatch(/^<[0-9a-f]{32}@localhost>$/);
    expect(email.headers.get('in-reply-to')).toBe(`<thread-${article.id}@localhost>`);
    expect(email.headers.get('references')).toBe(`<thread-${article.id}@localhost>`);
    expect(email.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const listUnsubscribe = email.headers.get('list-unsubscribe')?.match(/^<(.+)>$/)?.[1];
    expect(listUnsubscribe).toMatch(new RegExp(`^${env.SITE_URL}/unsubscribe\\?token=`));
    expect(email.links).toContain(listUnsubscribe);

    expect((await db.notification.findUniqueOrThrow({ where: { id: notification.id } })).emailedAt).toBeInstanceOf(Date);

    // The link works: it turns replies to in-app only, and nothing else.
    const token = new URL(listUnsubscribe!).searchParams.get('token')!;
    expect(await unsubscribe(token)).toMatchObject({ topic: 'REPLY' });
    const preferences = await db.notificationPreference.findMany({ where: { userId: author.id } });
    expect(preferences.map(({ topic, delivery }) => ({ topic, delivery }))).toEqual([{ topic: 'REPLY', delivery: 'IN_APP' }]);
  });

  test('a second run of the job (a retry, a second worker) sends nothing more', async () => {
    const { author, notification } = await replyNotification();
    await Promise.all([deliverNotificationEmail(notification.id), deliverNotificationEmail(notification.id)]);
    await deliverNotificationEmail(notification.id);
    await smtp.waitFor((e) => e.to.includes(author.email));
    await settle();
    expect(mailTo(author.email)).toHaveLength(1);
  });

  test('a worker that died after sending (delivery recorded, entry not yet marked) does not send it again', async () => {
    const { author, notification } = await replyNotification();
    await db.emailDelivery.create({
      data: { key: `notification-email:${notification.id}`, recipient: author.email, subject: 'sent before the crash', messageId: '<crash@localhost>' },
    });
    await deliverNotificationEmail(notification.id);
    await settle();
    expect(mailTo(author.email)).toEqual([]);
    expect((await db.notification.findUniqueOrThrow({ where: { id: notification.id } })).emailedAt).toBeInstanceOf(Date);
  });

  test('no email to an unverified, banned or deleted address, nor about the reader’s own comment', async () => {
    const cases = [{ emailVerified: null }, { bannedAt: new Date() }, { deletedAt: new Date() }];
    for (const change of cases) {
      const { author, notification } = await replyNotification();
      await db.user.update({ where: { id: author.id }, data: change });
      await deliverNotificationEmail(notification.id);
      await settle();
      expect(mailTo(author.email), JSON.stringify(change)).toEqual([]);
    }
    const article = await createTestArticle();
    const author = await verified();
    const mine = await post(author, article.id);
    const own = await db.notification.create({ data: { recipientId: author.id, kind: 'MENTION', commentId: mine.id, actorId: author.id } });
    await deliverNotificationEmail(own.id);
    await settle();
    expect(mailTo(author.email)).toEqual([]);
  });

  test('a reply deleted before its email went out is not mailed', async () => {
    const { author, reply, notification } = await replyNotification();
    await db.comment.update({ where: { id: reply.id }, data: { deletedAt: new Date() } });
    await deliverNotificationEmail(notification.id);
    await settle();
    expect(mailTo(author.email)).toEqual([]);
  });
});

describe('storm control', () => {
  test('two replies within 10 minutes: one email at once; the second waits for the window’s end and then goes out with anything else new', async () => {
    const { article, author, parent, notification: first } = await replyNotification();
    await deliverNotificationEmail(first.id);
    await smtp.waitFor((e) => e.to.includes(author.email));

    const replier = await createActor({ name: 'Second Replier' });
    const second = await post(replier, article.id, { replyToId: parent.id, body: 'The second reply' });
    const secondNotification = await replyNotificationOf(author.id, second.id);
    await deliverNotificationEmail(secondNotification.id);
    await settle();
    expect(mailTo(author.email)).toHaveLength(1);

    // Put off to the end of the window: one job, whatever the number of replies in it.
    const emailedAt = (await db.notification.findUniqueOrThrow({ where: { id: first.id } })).emailedAt!;
    const delayed = await db.$queryRawUnsafe<{ startAfter: Date; data: { notificationId: string } }[]>(
      `SELECT start_after AS "startAfter", data FROM ${JOB_SCHEMA}.job WHERE name = $1 AND singleton_key LIKE $2`,
      notificationEmailJob.name,
      `notification-window:${author.id}:${article.id}:%`,
    );
    expect(delayed).toHaveLength(1);
    expect(delayed[0]!.data).toEqual({ notificationId: secondNotification.id });
    expect(Math.abs(delayed[0]!.startAfter.getTime() - (emailedAt.getTime() + EMAIL_WINDOW_MS))).toBeLessThan(2_000);

    const third = await post(replier, article.id, { replyToId: parent.id, body: 'A third reply' });
    await replyNotificationOf(author.id, third.id);

    // The window ends (moved back rather than waited for), and the delayed job runs.
    await db.notification.update({ where: { id: first.id }, data: { emailedAt: new Date(emailedAt.getTime() - EMAIL_WINDOW_MS) } });
    await deliverNotificationEmail(secondNotification.id);
    const rollUp = await smtp.waitFor((e) => e.to.includes(author.email) && e.subject.startsWith('2 new notifications'));
    expect(rollUp.subject).toBe('2 new notifications on “Ships & <Harbours>”');
    expect(rollUp.text).toContain('The second reply');
    expect(rollUp.text).toContain('A third reply');
    expect(rollUp.headers.get('in-reply-to')).toBe(`<thread-${article.id}@localhost>`);
    await settle();
    expect(mailTo(author.email)).toHaveLength(2);
    expect(await db.notification.count({ where: { recipientId: author.id, emailedAt: null } })).toBe(0);
  });

  test('replies on another thread are not held back by this one', async () => {
    const { author, notification } = await replyNotification();
    await deliverNotificationEmail(notification.id);
    const elsewhere = await createTestArticle();
    const replier = await createActor();
    const parent = await post(author, elsewhere.id);
    const reply = await post(replier, elsewhere.id, { replyToId: parent.id });
    const other = await replyNotificationOf(author.id, reply.id);
    await deliverNotificationEmail(other.id);
    await settle();
    expect(mailTo(author.email)).toHaveLength(2);
  });
});

describe('moderation emails', () => {
  test('a rejection names the reason; a suspension its end and reason; a ban still reaches the banned reader', async () => {
    const article = await createTestArticle();
    const author = await verified();
    const comment = await post(author, article.id, { body: 'Off-topic words' });
    const rejected = await db.notification.create({
      data: { recipientId: author.id, kind: 'COMMENT_REJECTED', commentId: comment.id, detail: 'Off-topic: please keep to the article.' },
    });
    await deliverNotificationEmail(rejected.id);
    const rejection = await smtp.waitFor((e) => e.to.includes(author.email) && /removed/.test(e.subject));
    expect(rejection.text).toContain('Reason: Off-topic: please keep to the article.');
    expect(rejection.text).toContain('Off-topic words');

    const suspended = await db.notification.create({
      data: { recipientId: author.id, kind: 'SUSPENSION', detail: 'Until 5 December 2026, 12:00 UTC. Reason: spam.' },
    });
    await deliverNotificationEmail(suspended.id);
    const suspension = await smtp.waitFor((e) => e.to.includes(author.email) && /suspended/.test(e.subject));
    expect(suspension.text).toContain('Until 5 December 2026, 12:00 UTC. Reason: spam.');
    expect(suspension.headers.get('in-reply-to')).toBeUndefined();

    await db.user.update({ where: { id: author.id }, data: { bannedAt: new Date() } });
    const banned = await db.notification.create({ data: { recipientId: author.id, kind: 'BAN', detail: 'Reason: repeated spam.' } });
    await deliverNotificationEmail(banned.id);
    const ban = await smtp.waitFor((e) => e.to.includes(author.email) && /banned/.test(e.subject));
    expect(ban.text).toContain('Your account is banned from posting. Reason: repeated spam.');
    expect(ban.text).not.toContain('Reason: Reason:');
  });
});
