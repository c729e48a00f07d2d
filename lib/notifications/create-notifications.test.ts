// Who is notified of what: replies, mentions, followed threads and moderation
// outcomes, written by the real commands against the real database.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { editCommentAs } from '@/lib/comments/edit-comment';
import { createActor, createTestArticle, post } from '@/lib/comments/test-fixtures';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import type { NotificationTopic, NotificationDelivery } from '@/lib/generated/prisma/client';
import { appealRemovalAs, resolveAppealAs } from '@/lib/moderation/appeals';
import { moderateCommentAs } from '@/lib/moderation/moderate-comment';
import { moderateUserAs } from '@/lib/moderation/moderate-user';
import { createModerator } from '@/lib/moderation/test-fixtures';
import { JOB_SCHEMA } from '@/lib/jobs/job-queue';
import { notifyModerationOutcome } from './create-notifications';
import { notificationEmailJob } from './notification-email-job';
import { setThreadFollowAs } from './follow-thread';
import { mentionMarkdown } from './mentions';
import { NOTIFICATION_CHANNEL } from './notification-events';
import { deliveryFor, saveNotificationSettingsAs, topicOfKind } from './notification-preferences';

afterAll(() => db.$disconnect());

const notificationsOf = (recipientId: string) =>
  db.notification.findMany({
    where: { recipientId },
    orderBy: { createdAt: 'asc' },
    select: { kind: true, commentId: true, actorId: true, detail: true, readAt: true },
  });

const uniqueName = (prefix: string) => `${prefix} ${randomUUID().slice(0, 8)}`;

async function setDelivery(userId: string, topic: NotificationTopic, delivery: NotificationDelivery) {
  await db.notificationPreference.upsert({ where: { userId_topic: { userId, topic } }, create: { userId, topic, delivery }, update: { delivery } });
}

describe('replies', () => {
  test('a reply notifies the author of the comment replied to, naming the replier, and nobody else', async () => {
    const article = await createTestArticle();
    const [a, b, bystander] = [await createActor(), await createActor(), await createActor()];
    await post(bystander, article.id);
    const parent = await post(a, article.id);
    const reply = await post(b, article.id, { replyToId: parent.id });
    expect(await notificationsOf(a.id)).toEqual([{ kind: 'REPLY', commentId: reply.id, actorId: b.id, detail: null, readAt: null }]);
    expect(await notificationsOf(b.id)).toEqual([]);
    expect(await notificationsOf(bystander.id)).toEqual([]);
  });

  test('replying to one’s own comment notifies nobody', async () => {
    const article = await createTestArticle();
    const a = await createActor();
    const parent = await post(a, article.id);
    await post(a, article.id, { replyToId: parent.id });
    expect(await notificationsOf(a.id)).toEqual([]);
  });

  test('a reply held for moderation notifies nobody until it is approved; then the parent’s author and the replier are told', async () => {
    const article = await createTestArticle();
    const [a, b] = [await createActor(), await createActor()];
    const moderator = await createModerator();
    const parent = await post(a, article.id);
    await db.article.update({ where: { id: article.id }, data: { preModeration: 'ALL' } });
    const reply = await post(b, article.id, { replyToId: parent.id });
    expect(reply.status).toBe('PENDING');
    expect(await notificationsOf(a.id)).toEqual([]);
    expect(await notificationsOf(b.id)).toEqual([]);

    await moderateCommentAs(moderator, reply.id, { kind: 'approve' });
    expect(await notificationsOf(a.id)).toEqual([expect.objectContaining({ kind: 'REPLY', commentId: reply.id, actorId: b.id })]);
    expect(await notificationsOf(b.id)).toEqual([expect.objectContaining({ kind: 'COMMENT_APPROVED', commentId: reply.id, actorId: null })]);
    expect(await notificationsOf(moderator.id)).toEqual([]);
  });

  test('a reply rejected while held never notifies the parent’s author', async () => {
    const article = await createTestArticle({ preModeration: 'ALL' });
    const [a, b] = [await createActor(), await createActor()];
    const moderator = await createModerator();
    await db.article.update({ where: { id: article.id }, data: { preModeration: 'NONE' } });
    const parent = await post(a, article.id);
    await db.article.update({ where: { id: article.id }, data: { preModeration: 'ALL' } });
    const reply = await post(b, article.id, { replyToId: parent.id });
    await moderateCommentAs(moderator, reply.id, { kind: 'reject', reason: 'SPAM' });
    expect(await notificationsOf(a.id)).toEqual([]);
  });

  test('a reply turned OFF by the recipient writes no row; IN_APP still does', async () => {
    const article = await createTestArticle();
    const [a, b] = [await createActor(), await createActor()];
    await setDelivery(a.id, 'REPLY', 'OFF');
    const parent = await post(a, article.id);
    await post(b, article.id, { replyToId: parent.id });
    expect(await notificationsOf(a.id)).toEqual([]);

    await setDelivery(a.id, 'REPLY', 'IN_APP');
    await post(b, article.id, { replyToId: parent.id });
    expect(await notificationsOf(a.id)).toHaveLength(1);
  });
});

describe('mentions', () => {
  test('@[Display Name] notifies that person when they have a published comment in the thread, and renders as a link to it', async () => {
    const article = await createTestArticle();
    const ada = await createActor({ name: uniqueName('Ada Lovelace') });
    const writer = await createActor();
    const adas = await post(ada, article.id);
    const mention = await post(writer, article.id, { body: `I agree with ${mentionMarkdown(ada.name)} on this.` });
    expect(await notificationsOf(ada.id)).toEqual([expect.objectContaining({ kind: 'MENTION', commentId: mention.id, actorId: writer.id })]);
    const { bodyHtml, body } = await db.comment.findUniqueOrThrow({ where: { id: mention.id } });
    expect(body).toContain(`@[${ada.name}]`);
    expect(bodyHtml).toContain(
      `<a href="/articles/${article.slug}?comment=${adas.id}#comment-${adas.id}" class="mention" rel="nofollow ugc noopener">@${ada.name}</a>`,
    );
  });

  test('mentions ignore case and extra spaces, but not people absent from the thread (the name stays text)', async () => {
    const article = await createTestArticle();
    const elsewhere = await createTestArticle();
    const present = await createActor({ name: uniqueName('Grace Hopper') });
    const absent = await createActor({ name: uniqueName('Alan Turing') });
    await post(present, article.id);
    await post(absent, elsewhere.id);
    const writer = await createActor();
    const mention = await post(writer, article.id, { body: `@[ ${present.name.toUpperCase().replace(' ', '  ')} ] and @[${absent.name}]` });
    expect(await notificationsOf(present.id)).toEqual([expect.objectContaining({ kind: 'MENTION', commentId: mention.id })]);
    expect(await notificationsOf(absent.id)).toEqual([]);
    const { bodyHtml } = await db.comment.findUniqueOrThrow({ where: { id: mention.id } });
    expect(bodyHtml).toContain(`@${absent.name}`);
    expect(bodyHtml).not.toContain(`>@${absent.name}</a>`);
  });

  test('a reply that also mentions the parent’s author is one notification (REPLY)', async () => {
    const article = await createTestArticle();
    const a = await createActor({ name: uniqueName('Reply Target') });
    const b = await createActor();
    const parent = await post(a, article.id);
    const reply = await post(b, article.id, { replyToId: parent.id, body: `Quite right, ${mentionMarkdown(a.name)}.` });
    expect(await notificationsOf(a.id)).toEqual([expect.objectContaining({ kind: 'REPLY', commentId: reply.id })]);
  });

  test('with replies OFF, a reply that mentions them is still a MENTION', async () => {
    const article = await createTestArticle();
    const a = await createActor({ name: uniqueName('Picky Reader') });
    const b = await createActor();
    await setDelivery(a.id, 'REPLY', 'OFF');
    const parent = await post(a, article.id);
    const reply = await post(b, article.id, { replyToId: parent.id, body: `${mentionMarkdown(a.name)}, see above.` });
    expect(await notificationsOf(a.id)).toEqual([expect.objectContaining({ kind: 'MENTION', commentId: reply.id })]);
  });

  test('mentioning oneself notifies nobody; a mention added by an edit links but notifies nobody', async () => {
    const article = await createTestArticle();
    const a = await createActor({ name: uniqueName('Self Mentioner') });
    const other = await createActor({ name: uniqueName('Later Mentioned') });
    await post(other, article.id);
    const own = await post(a, article.id, { body: `As I, ${mentionMarkdown(a.name)}, said.` });
    expect(await notificationsOf(a.id)).toEqual([]);
    await editCommentAs(a, { commentId: own.id, body: `Also ${mentionMarkdown(other.name)}.` });
    expect(await notificationsOf(other.id)).toEqual([]);
    expect((await db.comment.findUniqueOrThrow({ where: { id: own.id } })).bodyHtml).toContain('class="mention"');
  });
});

describe('followed threads', () => {
  test('following is off by default; a follower hears of new top-level comments (not replies), in the app only by default', async () => {
    const article = await createTestArticle();
    const [follower, writer, nonFollower] = [await createActor(), await createActor(), await createActor()];
    await post(nonFollower, article.id);
    await setThreadFollowAs(follower, { articleId: article.id }, true);
    const top = await post(writer, article.id);
    await post(writer, article.id, { replyToId: top.id });
    expect(await notificationsOf(follower.id)).toEqual([expect.objectContaining({ kind: 'FOLLOWED_THREAD', commentId: top.id, actorId: writer.id })]);
    expect(await notificationsOf(nonFollower.id)).toEqual([]);
    expect(await deliveryFor(follower.id, 'FOLLOWED_THREAD')).toBe('IN_APP');

    await setThreadFollowAs(follower, { articleId: article.id }, false);
    await post(writer, article.id);
    expect(await notificationsOf(follower.id)).toHaveLength(1);
  });

  test('a follower’s own top-level comment does not notify them', async () => {
    const article = await createTestArticle();
    const follower = await createActor();
    await setThreadFollowAs(follower, { articleId: article.id }, true);
    await post(follower, article.id);
    expect(await notificationsOf(follower.id)).toEqual([]);
  });
});

describe('moderation outcomes', () => {
  test('a rejected comment tells its author with the reason and note; the moderator is not named', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const moderator = await createModerator();
    const comment = await post(author, article.id);
    await moderateCommentAs(moderator, comment.id, { kind: 'reject', reason: 'OFF_TOPIC', note: 'About another article' });
    expect(await notificationsOf(author.id)).toEqual([
      { kind: 'COMMENT_REJECTED', commentId: comment.id, actorId: null, detail: 'Off-topic (About another article)', readAt: null },
    ]);
  });

  test('featuring, or approving a comment already published, tells nobody', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const moderator = await createModerator();
    const comment = await post(author, article.id);
    await moderateCommentAs(moderator, comment.id, { kind: 'approve' });
    await moderateCommentAs(moderator, comment.id, { kind: 'feature' });
    expect(await notificationsOf(author.id)).toEqual([]);
  });

  test('a moderator deciding on their own comment is not told of it', async () => {
    const article = await createTestArticle({ preModeration: 'ALL' });
    const moderator = await createModerator();
    const own = await post(moderator, article.id);
    await moderateCommentAs(moderator, own.id, { kind: 'approve' });
    expect(await notificationsOf(moderator.id)).toEqual([]);
  });

  test('a warning, a suspension with its end and reason, and a ban with its reason each tell the user; lifting does not', async () => {
    const user = await createActor();
    const moderator = await createModerator();
    await moderateUserAs(moderator, user.id, { kind: 'warn', message: 'Keep it civil.' });
    await moderateUserAs(moderator, user.id, { kind: 'suspend', until: new Date('2099-03-04T05:06:00Z'), reason: 'Repeated insults' });
    await moderateUserAs(moderator, user.id, { kind: 'lift' });
    await moderateUserAs(moderator, user.id, { kind: 'ban', reason: 'Spam campaign', rejectComments: false });
    const entries = await notificationsOf(user.id);
    expect(entries.map((n) => n.kind)).toEqual(['WARNING', 'SUSPENSION', 'BAN']);
    expect(entries[0]?.detail).toBe('Keep it civil.');
    expect(entries[1]?.detail).toMatch(/^Until 4 March 2099.*05:06 UTC\. Reason: Repeated insults$/);
    expect(entries[2]?.detail).toBe('Reason: Spam campaign');
    expect(entries.every((n) => n.actorId === null)).toBe(true);
  });

  test('an appeal decided tells its author once: overturned (not also "approved"), or upheld', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const moderator = await createModerator();
    for (const outcome of ['OVERTURNED', 'UPHELD'] as const) {
      const comment = await post(author, article.id);
      await moderateCommentAs(moderator, comment.id, { kind: 'reject', reason: 'SPAM' });
      await appealRemovalAs(author, { commentId: comment.id, message: 'Not spam.' });
      const appeal = await db.appeal.findUniqueOrThrow({ where: { commentId: comment.id } });
      await resolveAppealAs(moderator, { appealId: appeal.id, outcome });
      const kinds = (await db.notification.findMany({ where: { recipientId: author.id, commentId: comment.id }, orderBy: { createdAt: 'asc' } })).map((n) => [
        n.kind,
        n.detail,
      ]);
      expect(kinds).toEqual([
        ['COMMENT_REJECTED', 'Spam'],
        ['APPEAL_DECIDED', outcome === 'OVERTURNED' ? expect.stringMatching(/succeeded/) : expect.stringMatching(/turned down/)],
      ]);
    }
  });

  test('moderation outcomes turned OFF write no row', async () => {
    const user = await createActor();
    const moderator = await createModerator();
    await setDelivery(user.id, 'MODERATION', 'OFF');
    await moderateUserAs(moderator, user.id, { kind: 'warn', message: 'Careful.' });
    expect(await notificationsOf(user.id)).toEqual([]);
  });
});

/** The email jobs enqueued for a notification (MAIL's notificationEmailJob, key notification:<id>). */
const emailJobsOf = (notificationId: string) =>
  db.$queryRawUnsafe<{ data: unknown }[]>(
    `SELECT data FROM ${JOB_SCHEMA}.job WHERE name = $1 AND singleton_key = $2`,
    notificationEmailJob.name,
    `notification:${notificationId}`,
  );

describe('email at once', () => {
  test('EMAIL_NOW (the default for replies) enqueues one email job for the notification; IN_APP and the digest enqueue none', async () => {
    const article = await createTestArticle();
    const [a, b, c, d] = [await createActor(), await createActor(), await createActor(), await createActor()];
    await setDelivery(c.id, 'REPLY', 'IN_APP');
    await setDelivery(d.id, 'REPLY', 'EMAIL_DIGEST');
    for (const recipient of [a, c, d]) {
      const parent = await post(recipient, article.id);
      await post(b, article.id, { replyToId: parent.id });
    }
    const [forA, forC, forD] = await Promise.all([a, c, d].map((r) => db.notification.findFirstOrThrow({ where: { recipientId: r.id } })));
    expect(await emailJobsOf(forA!.id)).toEqual([{ data: { notificationId: forA!.id } }]);
    expect(await emailJobsOf(forC!.id)).toEqual([]);
    expect(await emailJobsOf(forD!.id)).toEqual([]);
  });

  test('the job is part of the notification’s transaction: rolled back with it, neither exists', async () => {
    const user = await createActor();
    const moderator = await createModerator();
    let notificationId: string | undefined;
    await expect(
      db.$transaction(async (tx) => {
        expect(await notifyModerationOutcome(tx, { kind: 'WARNING', recipientId: user.id, moderatorId: moderator.id, detail: 'Rolled back' })).toBe(1);
        notificationId = (await tx.notification.findFirstOrThrow({ where: { recipientId: user.id } })).id;
        expect(await tx.$queryRawUnsafe(`SELECT 1 FROM ${JOB_SCHEMA}.job WHERE singleton_key = $1`, `notification:${notificationId}`)).toHaveLength(1);
        throw new Error('the moderation command failed');
      }),
    ).rejects.toThrow('the moderation command failed');
    expect(notificationId).toBeDefined();
    expect(await notificationsOf(user.id)).toEqual([]);
    expect(await emailJobsOf(notificationId!)).toEqual([]);
  });
});

describe('the bell’s channel', () => {
  test('a notification NOTIFYs its recipient’s id on commit, so every instance’s bell hears of it', async () => {
    const listener = new pg.Client({ connectionString: env.DATABASE_URL });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (message) => {
      if (message.channel === NOTIFICATION_CHANNEL && message.payload) heard.push(message.payload);
    });
    await listener.query(`LISTEN ${NOTIFICATION_CHANNEL}`);
    try {
      const article = await createTestArticle();
      const [a, b] = [await createActor(), await createActor()];
      const parent = await post(a, article.id);
      await post(b, article.id, { replyToId: parent.id });
      await expect.poll(() => heard).toContain(a.id);
      expect(heard).not.toContain(b.id);
    } finally {
      await listener.end();
    }
  });
});

describe('preferences', () => {
  test('defaults: replies, mentions and moderation by email at once, followed threads in the app', async () => {
    const user = await createActor();
    expect(await deliveryFor(user.id, 'REPLY')).toBe('EMAIL_NOW');
    expect(await deliveryFor(user.id, 'MENTION')).toBe('EMAIL_NOW');
    expect(await deliveryFor(user.id, 'MODERATION')).toBe('EMAIL_NOW');
    expect(await deliveryFor(user.id, 'FOLLOWED_THREAD')).toBe('IN_APP');
    expect(['COMMENT_APPROVED', 'COMMENT_REJECTED', 'WARNING', 'SUSPENSION', 'BAN', 'APPEAL_DECIDED'].map((k) => topicOfKind(k as never))).toEqual(
      Array(6).fill('MODERATION'),
    );
  });

  test('saving stores every topic and the digest hour for the signed-in user only; a bad hour is refused', async () => {
    const user = await createActor();
    const other = await createActor();
    await saveNotificationSettingsAs(user, { REPLY: 'EMAIL_DIGEST', MENTION: 'IN_APP', FOLLOWED_THREAD: 'OFF', MODERATION: 'EMAIL_NOW', digestHourUtc: '17' });
    expect(await deliveryFor(user.id, 'REPLY')).toBe('EMAIL_DIGEST');
    expect(await deliveryFor(user.id, 'FOLLOWED_THREAD')).toBe('OFF');
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).digestHourUtc).toBe(17);
    expect(await deliveryFor(other.id, 'REPLY')).toBe('EMAIL_NOW');
    await expect(
      saveNotificationSettingsAs(user, { REPLY: 'OFF', MENTION: 'OFF', FOLLOWED_THREAD: 'OFF', MODERATION: 'OFF', digestHourUtc: '24' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(
      saveNotificationSettingsAs(null, { REPLY: 'OFF', MENTION: 'OFF', FOLLOWED_THREAD: 'OFF', MODERATION: 'OFF', digestHourUtc: '1' }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
