import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { TestSmtpServer } from '@/lib/email/test-smtp-server';

// SMTP_URL is read once (lib/env.ts): point it at a port of our own before anything imports it.
const smtpPort = await vi.hoisted(() => import('@/lib/email/test-smtp-server').then((smtp) => smtp.pointSmtpUrlAtFreePort()));

const { startTestSmtpServer } = await import('@/lib/email/test-smtp-server');
const { db } = await import('@/lib/db');
const { JOB_SCHEMA } = await import('@/lib/jobs/job-queue');
const { createActor, createTestArticle, post } = await import('@/lib/comments/test-fixtures');
const { enqueueDueDigests, recipientDigestJob, sendDigest } = await import('./notification-digest-job');

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
const mailTo = (address: string) => smtp.received.filter((email) => email.to.includes(address));
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
const hour = (iso: string) => new Date(iso);

/** A reader who chose the digest for replies, at 07:00 UTC. */
async function digestReader() {
  const reader = await createActor({ emailVerified: new Date(), digestHourUtc: 7 });
  await db.notificationPreference.create({ data: { userId: reader.id, topic: 'REPLY', delivery: 'EMAIL_DIGEST' } });
  const article = await createTestArticle();
  const parent = await post(reader, article.id);
  const replier = await createActor({ name: 'Digest Replier' });
  const reply = async (body: string) => {
    const comment = await post(replier, article.id, { replyToId: parent.id, body });
    return replyNotificationOf(reader.id, comment.id);
  };
  return { reader, reply };
}

describe('the daily digest', () => {
  test('at the reader’s hour it gathers what waits into one email, and sends nothing when nothing is new', async () => {
    const { reader, reply } = await digestReader();
    await reply('First reply for the digest');
    await reply('Second reply for the digest');

    // Not their hour: no job for them.
    await enqueueDueDigests(hour('2026-12-02T06:00:05Z'));
    const jobsFor = () =>
      db.$queryRawUnsafe<{ data: { userId: string; hour: string } }[]>(
        `SELECT data FROM ${JOB_SCHEMA}.job WHERE name = $1 AND data->>'userId' = $2`,
        recipientDigestJob.name,
        reader.id,
      );
    expect(await jobsFor()).toEqual([]);
    // Their hour, twice (two workers' cron ticks): one job.
    await enqueueDueDigests(hour('2026-12-02T07:00:05Z'));
    await enqueueDueDigests(hour('2026-12-02T07:00:30Z'));
    expect((await jobsFor()).map((job) => job.data)).toEqual([{ userId: reader.id, hour: '2026-12-02T07:00:00.000Z' }]);

    expect(await sendDigest(reader.id, hour('2026-12-02T07:00:00Z'))).toBe(2);
    const digest = await smtp.waitFor((email) => email.to.includes(reader.email));
    expect(digest.subject).toBe('Your Parley digest: 2 new notifications');
    expect(digest.text).toContain('First reply for the digest');
    expect(digest.text).toContain('Second reply for the digest');
    expect(digest.headers.get('list-unsubscribe')).toMatch(/\/unsubscribe\?token=.+\.DIGEST\./);

    // The next day: nothing new, no email, no job.
    await enqueueDueDigests(hour('2026-12-03T07:00:05Z'));
    expect(await jobsFor()).toHaveLength(1);
    expect(await sendDigest(reader.id, hour('2026-12-03T07:00:00Z'))).toBe(0);
    await settle();
    expect(mailTo(reader.email)).toHaveLength(1);

    // Something new: the day after, just that.
    await reply('A later reply');
    expect(await sendDigest(reader.id, hour('2026-12-04T07:00:00Z'))).toBe(1);
    const next = await smtp.waitFor((email) => email.to.includes(reader.email) && email.subject.endsWith('one new notification'));
    expect(next.text).toContain('A later reply');
    expect(next.text).not.toContain('First reply for the digest');
  });

  test('entries the reader wants at once or in the app only are not in the digest', async () => {
    const { reader } = await digestReader();
    const article = await createTestArticle();
    const mine = await post(reader, article.id);
    await db.notification.create({ data: { recipientId: reader.id, kind: 'COMMENT_APPROVED', commentId: mine.id } });
    expect(await sendDigest(reader.id, hour('2026-12-02T07:00:00Z'))).toBe(0);
    await settle();
    expect(mailTo(reader.email)).toEqual([]);
  });

  test('the same digest run twice (a retry) sends one email', async () => {
    const { reader, reply } = await digestReader();
    await reply(`Once ${randomUUID()}`);
    await Promise.all([sendDigest(reader.id, hour('2026-12-02T07:00:00Z')), sendDigest(reader.id, hour('2026-12-02T07:00:00Z'))]);
    await smtp.waitFor((email) => email.to.includes(reader.email));
    await settle();
    expect(mailTo(reader.email)).toHaveLength(1);
  });
});
