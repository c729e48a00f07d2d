// The reader's notifications page and bell: only ever their own entries.
import { afterAll, describe, expect, test } from 'vitest';
import { commentPermalink } from '@/lib/comments/comment-permalink';
import { createActor, createTestArticle, post, refusal } from '@/lib/comments/test-fixtures';
import { db } from '@/lib/db';
import { moderateUserAs } from '@/lib/moderation/moderate-user';
import { createModerator } from '@/lib/moderation/test-fixtures';
import { readEventStream } from '@/lib/comments/test-event-stream';
import { countUnreadNotifications } from './count-unread';
import { listNotificationsAs, NOTIFICATIONS_PAGE_SIZE } from './list-notifications';
import { markAllNotificationsReadAs, markNotificationReadAs } from './mark-read';
import { notificationHub } from './notification-stream';
import { openNotificationEventStreamAs } from './open-notification-event-stream';

afterAll(() => db.$disconnect());

/** A reader with `replies` replies to their comment, from another reader. */
async function readerWithReplies(replies: number) {
  const article = await createTestArticle();
  const [reader, replier] = [await createActor({ name: 'Inbox Owner' }), await createActor({ name: 'Eager Replier' })];
  const parent = await post(reader, article.id);
  const ids: string[] = [];
  for (let i = 0; i < replies; i++) ids.push((await post(replier, article.id, { replyToId: parent.id })).id);
  return { article, reader, replier, replyIds: ids };
}

describe('listing', () => {
  test('newest first, in words, linking to the comment’s permalink; paged by cursor without repeats', async () => {
    const { article, reader, replyIds } = await readerWithReplies(NOTIFICATIONS_PAGE_SIZE + 2);
    const first = await listNotificationsAs(reader);
    expect(first.entries).toHaveLength(NOTIFICATIONS_PAGE_SIZE);
    const newest = replyIds.at(-1)!;
    expect(first.entries[0]).toMatchObject({
      kind: 'REPLY',
      text: `Eager Replier replied to your comment on “${article.title}”.`,
      href: commentPermalink(article.slug, newest),
      read: false,
    });
    expect(first.entries[0]?.excerpt).toMatch(/^A considered remark/);
    expect(first.nextCursor).not.toBeNull();
    const second = await listNotificationsAs(reader, first.nextCursor!);
    expect(second.entries).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const seen = [...first.entries, ...second.entries].map((e) => e.href);
    expect(new Set(seen).size).toBe(NOTIFICATIONS_PAGE_SIZE + 2);
    expect(seen.at(-1)).toBe(commentPermalink(article.slug, replyIds[0]!));
  });

  test('an outcome about the account links to the account page', async () => {
    const user = await createActor();
    await moderateUserAs(await createModerator(), user.id, { kind: 'warn', message: 'Mind the rules.' });
    const { entries } = await listNotificationsAs(user);
    expect(entries).toEqual([expect.objectContaining({ kind: 'WARNING', href: '/account', text: 'A moderator sent you a warning: Mind the rules.' })]);
  });

  test('a made-up cursor is the first page; a signed-out visitor is refused', async () => {
    const { reader } = await readerWithReplies(1);
    expect((await listNotificationsAs(reader, 'not-a-cursor')).entries).toHaveLength(1);
    await refusal(listNotificationsAs(null), 'UNAUTHENTICATED');
  });

  test('nobody sees another reader’s notifications', async () => {
    await readerWithReplies(2);
    const stranger = await createActor();
    expect((await listNotificationsAs(stranger)).entries).toEqual([]);
  });
});

describe('marking read', () => {
  test('one entry, then all: the unread count follows', async () => {
    const { reader } = await readerWithReplies(3);
    expect(await countUnreadNotifications(reader.id)).toBe(3);
    const [first] = (await listNotificationsAs(reader)).entries;
    await markNotificationReadAs(reader, { notificationId: first!.id });
    expect(await countUnreadNotifications(reader.id)).toBe(2);
    expect((await listNotificationsAs(reader)).entries[0]?.read).toBe(true);
    expect(await markAllNotificationsReadAs(reader)).toBe(2);
    expect(await countUnreadNotifications(reader.id)).toBe(0);
  });

  test('nobody can mark another reader’s notification read: NOT_FOUND, as for one that does not exist', async () => {
    const { reader } = await readerWithReplies(2);
    const stranger = await createActor();
    const [entry] = (await listNotificationsAs(reader)).entries;
    await refusal(markNotificationReadAs(stranger, { notificationId: entry!.id }), 'NOT_FOUND');
    await refusal(markNotificationReadAs(null, { notificationId: entry!.id }), 'UNAUTHENTICATED');
    expect(await markAllNotificationsReadAs(stranger)).toBe(0);
    await refusal(markAllNotificationsReadAs(null), 'UNAUTHENTICATED');
    expect(await countUnreadNotifications(reader.id)).toBe(2);
  });
});

describe('the bell’s stream', () => {
  test('signed-out visitors are refused', async () => {
    await refusal(openNotificationEventStreamAs(null, new AbortController().signal), 'UNAUTHENTICATED');
  });

  test('the count on connect, then a new one when a reply arrives and when the reader reads it; nothing for others’ notifications', async () => {
    const article = await createTestArticle();
    const [reader, replier, other] = [await createActor(), await createActor(), await createActor()];
    const parent = await post(reader, article.id);
    const othersParent = await post(other, article.id);
    const controller = new AbortController();
    const stream = readEventStream(await openNotificationEventStreamAs(reader, controller.signal));
    try {
      await expect.poll(() => stream.events.map((e) => e.data)).toEqual([{ unread: 0 }]);
      await expect.poll(() => notificationHub.connected).toBe(true);
      await post(replier, article.id, { replyToId: othersParent.id });
      await post(replier, article.id, { replyToId: parent.id });
      await expect.poll(() => stream.events.at(-1)?.data).toEqual({ unread: 1 });
      await markAllNotificationsReadAs(reader);
      await expect.poll(() => stream.events.at(-1)?.data).toEqual({ unread: 0 });
      expect(stream.events.every((e) => e.event === 'count')).toBe(true);
      expect(stream.events.map((e) => e.data)).toEqual([{ unread: 0 }, { unread: 1 }, { unread: 0 }]);
    } finally {
      await stream.close();
      controller.abort();
    }
    await expect.poll(() => notificationHub.subscriberCount).toBe(0);
  });
});
