// The moderation queues: order, filters, keyset pages and the tab counts.
// Other files leave comments behind, so each test filters by its own article
// (or compares counts before and after).
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import type { CurrentUser } from '@/lib/auth/current-user';
import { createActor, createTestArticle, insertTopLevelComments, post } from '@/lib/comments/test-fixtures';
import { db } from '@/lib/db';
import { listQueueAs, queueCountsAs } from './list-queue';
import { moderateCommentAs } from './moderate-comment';
import { queueQuerySchema } from './schema';
import { commentWithStatus, createModerator, reportTimes } from './test-fixtures';

afterAll(() => db.$disconnect());

type QueueParams = { queue: string; article?: string; author?: string; q?: string; cursor?: string };

/** The queue as the console asks for it: search parameters through the page's schema. */
const list = (moderator: CurrentUser, params: QueueParams) => listQueueAs(moderator, queueQuerySchema.parse(params));

/** Every item of a queue, page by page, following nextCursor. */
async function walk(moderator: CurrentUser, query: Omit<QueueParams, 'cursor'>) {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await list(moderator, { ...query, cursor });
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor ?? undefined;
    pages++;
    if (pages > 50) throw new Error('pagination does not end');
  } while (cursor);
  return { ids, pages };
}

const ids = async (moderator: CurrentUser, query: QueueParams) => (await list(moderator, query)).items.map((item) => item.id);

describe('queues', () => {
  test('pending: held comments only, oldest first', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const now = Date.now();
    const [newer, older, oldest] = await insertTopLevelComments(article.id, author.id, [
      { createdAt: new Date(now - 1000), status: 'PENDING' },
      { createdAt: new Date(now - 2000), status: 'PENDING' },
      { createdAt: new Date(now - 3000), status: 'PENDING' },
    ]);
    await insertTopLevelComments(article.id, author.id, [{ createdAt: new Date(now - 5000) }, { createdAt: new Date(now - 4000), status: 'REJECTED' }]);
    const moderator = await createModerator();
    expect(await ids(moderator, { queue: 'pending', article: article.id })).toEqual([oldest, older, newer]);
    await moderateCommentAs(moderator, older!, { kind: 'approve' });
    expect(await ids(moderator, { queue: 'pending', article: article.id })).toEqual([oldest, newer]);
  });

  test('reported: comments with open reports, most reported first; resolving removes an item', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const once = (await post(author, article.id)).id;
    const thrice = (await post(author, article.id)).id;
    const twice = (await post(author, article.id)).id;
    await post(author, article.id);
    await reportTimes(once, 1);
    await reportTimes(thrice, 3, 'HATE');
    await reportTimes(twice, 2);
    const moderator = await createModerator();
    const page = await list(moderator, { queue: 'reported', article: article.id });
    expect(page.items.map((item) => [item.id, item.reports.length])).toEqual([
      [thrice, 3],
      [twice, 2],
      [once, 1],
    ]);
    expect(page.items[0]?.reports.every((report) => report.reason === 'HATE')).toBe(true);

    // Any decision resolves the reports.
    await moderateCommentAs(moderator, thrice, { kind: 'approve' });
    expect(await ids(moderator, { queue: 'reported', article: article.id })).toEqual([twice, once]);
  });

  test('recent: published comments, newest first; rejected: rejected ones, with the reason', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const now = Date.now();
    const [old, mid, young] = await insertTopLevelComments(article.id, author.id, [
      { createdAt: new Date(now - 3000) },
      { createdAt: new Date(now - 2000) },
      { createdAt: new Date(now - 1000) },
    ]);
    await insertTopLevelComments(article.id, author.id, [{ createdAt: new Date(now), status: 'PENDING' }]);
    const moderator = await createModerator();
    expect(await ids(moderator, { queue: 'recent', article: article.id })).toEqual([young, mid, old]);
    await moderateCommentAs(moderator, mid!, { kind: 'reject', reason: 'OFF_TOPIC', note: 'Wrong thread' });
    expect(await ids(moderator, { queue: 'recent', article: article.id })).toEqual([young, old]);
    const rejected = await list(moderator, { queue: 'rejected', article: article.id });
    expect(rejected.items.map((item) => [item.id, item.rejectionReason, item.rejectionNote, item.authorRejections])).toEqual([[mid, 'OFF_TOPIC', 'Wrong thread', 1]]);
  });

  test('filters by article, by author email (any case), name or id, and by text', async () => {
    const tag = randomUUID().slice(0, 8);
    const article = await createTestArticle();
    const otherArticle = await createTestArticle();
    const alice = await createActor({ name: `Alice ${tag}`, email: `alice-${tag}@example.test` });
    const bob = await createActor({ name: `Bob ${tag}`, email: `bob-${tag}@example.test` });
    const a1 = (await post(alice, article.id, { body: `About zebras ${tag}` })).id;
    const b1 = (await post(bob, article.id, { body: `About lions ${tag}` })).id;
    const a2 = (await post(alice, otherArticle.id, { body: `More ZEBRAS ${tag}` })).id;
    const moderator = await createModerator();
    const sorted = (list: string[]) => [...list].sort();

    expect(sorted(await ids(moderator, { queue: 'recent', article: article.id }))).toEqual(sorted([a1, b1]));
    expect(sorted(await ids(moderator, { queue: 'recent', author: `ALICE-${tag}@example.test` }))).toEqual(sorted([a1, a2]));
    expect(sorted(await ids(moderator, { queue: 'recent', author: `bob ${tag}` }))).toEqual([b1]);
    // By id, as the audit log links to a person's comments (any case, as uuids are).
    expect(sorted(await ids(moderator, { queue: 'recent', author: alice.id.toUpperCase() }))).toEqual(sorted([a1, a2]));
    expect(sorted(await ids(moderator, { queue: 'recent', q: `zebras ${tag}` }))).toEqual(sorted([a1, a2]));
    expect(sorted(await ids(moderator, { queue: 'recent', q: `about ZEBRAS ${tag}` }))).toEqual([a1]);
    expect(sorted(await ids(moderator, { queue: 'recent', q: tag, author: `Alice ${tag}`, article: otherArticle.id }))).toEqual([a2]);
    expect(await ids(moderator, { queue: 'recent', q: `giraffes ${tag}` })).toEqual([]);

    await reportTimes(b1, 1);
    await reportTimes(a1, 2);
    expect(await ids(moderator, { queue: 'reported', author: `bob-${tag}@example.test` })).toEqual([b1]);
    expect(await ids(moderator, { queue: 'reported', q: `zebras ${tag}` })).toEqual([a1]);
  });

  test.each(['pending', 'recent'] as const)('keyset pages of the %s queue walk every item exactly once, in order, even with equal times', async (queue) => {
    const article = await createTestArticle();
    const author = await createActor();
    const base = Date.now() - 60_000;
    // 60 items, in pairs sharing a timestamp, so the id breaks ties across page edges.
    const created = await insertTopLevelComments(
      article.id,
      author.id,
      Array.from({ length: 60 }, (_, i) => ({
        createdAt: new Date(base + Math.floor(i / 2) * 1000),
        status: queue === 'pending' ? ('PENDING' as const) : ('PUBLISHED' as const),
      })),
    );
    const moderator = await createModerator();
    const { ids: walked, pages } = await walk(moderator, { queue, article: article.id });
    expect(pages).toBe(3);
    expect(walked).toHaveLength(60);
    expect(new Set(walked)).toEqual(new Set(created));
    const rows = await db.comment.findMany({ where: { id: { in: walked } }, select: { id: true, createdAt: true } });
    const time = new Map(rows.map((row) => [row.id, row.createdAt.getTime()]));
    const expected = [...walked].sort((a, b) => time.get(a)! - time.get(b)! || a.localeCompare(b));
    expect(walked).toEqual(queue === 'pending' ? expected : expected.reverse());
  });

  test('keyset pages of the reported queue walk every item exactly once, most reported first, ties included', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const comments = await insertTopLevelComments(
      article.id,
      author.id,
      Array.from({ length: 40 }, (_, i) => ({ createdAt: new Date(Date.now() - i * 1000) })),
    );
    const reporters = await Promise.all(Array.from({ length: 4 }, () => createActor()));
    // Report counts 1..4, ten comments each: many ties.
    const reportCount = new Map(comments.map((id, i) => [id, (i % 4) + 1]));
    await db.commentReport.createMany({
      data: comments.flatMap((commentId) =>
        reporters.slice(0, reportCount.get(commentId)).map((reporter) => ({ commentId, reporterId: reporter.id, reason: 'SPAM' as const })),
      ),
    });
    const moderator = await createModerator();
    const { ids: walked, pages } = await walk(moderator, { queue: 'reported', article: article.id });
    expect(pages).toBe(2);
    expect(walked).toHaveLength(40);
    expect(new Set(walked)).toEqual(new Set(comments));
    const countsInOrder = walked.map((id) => reportCount.get(id)!);
    expect(countsInOrder).toEqual([...countsInOrder].sort((a, b) => b - a));
  });

  test('a malformed cursor means the first page', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const [only] = await insertTopLevelComments(article.id, author.id, [{ createdAt: new Date(), status: 'PENDING' }]);
    const moderator = await createModerator();
    for (const cursor of ['garbage', Buffer.from('{"id":1}').toString('base64url'), '']) {
      expect(await ids(moderator, { queue: 'pending', article: article.id, cursor })).toEqual([only]);
    }
  });

  // Well-formed JSON whose values PostgreSQL would refuse: each was a 500.
  test.each([
    ['a fractional report count', { key: 1.5 }],
    ['a report count beyond any integer column', { key: 1e300 }],
    ['a negative report count', { key: -1 }],
    ['an id that is not a UUID', { id: 'not-a-uuid' }],
    ['an id of 36 dashes', { id: '-'.repeat(36) }],
    ['a date PostgreSQL cannot store', { createdAt: '-271821-04-20T00:00:00.000Z' }],
    ['a date that is not ISO 8601', { createdAt: 'Tue, 01 Jan 2030' }],
  ])('a cursor with %s means the first page of every queue', async (_case, change) => {
    const article = await createTestArticle();
    const author = await createActor();
    const [held] = await insertTopLevelComments(article.id, author.id, [{ createdAt: new Date(Date.now() - 1000), status: 'PENDING' }]);
    const reported = await commentWithStatus(author, article.id, 'PUBLISHED');
    await reportTimes(reported, 1);
    const moderator = await createModerator();
    const cursor = Buffer.from(JSON.stringify({ key: 1, createdAt: new Date().toISOString(), id: randomUUID(), ...change })).toString('base64url');
    expect(await ids(moderator, { queue: 'pending', article: article.id, cursor })).toEqual([held]);
    expect(await ids(moderator, { queue: 'reported', article: article.id, cursor })).toEqual([reported]);
    expect(await ids(moderator, { queue: 'recent', article: article.id, cursor })).toEqual([reported]);
    expect(await ids(moderator, { queue: 'rejected', article: article.id, cursor })).toEqual([]);
  });
});

describe('queue counts', () => {
  test('the tab counts move with what enters and leaves each queue', async () => {
    const moderator = await createModerator();
    const before = await queueCountsAs(moderator);
    const article = await createTestArticle();
    const author = await createActor();
    const pending = [
      await commentWithStatus(author, article.id, 'PENDING'),
      await commentWithStatus(author, article.id, 'PENDING'),
      await commentWithStatus(author, article.id, 'PENDING'),
    ];
    const published = [(await post(author, article.id)).id, (await post(author, article.id)).id, (await post(author, article.id)).id];
    const rejected = await commentWithStatus(author, article.id, 'REJECTED');
    await reportTimes(published[0]!, 2);
    await reportTimes(published[1]!, 1);
    await db.appeal.create({ data: { commentId: rejected, authorId: author.id, message: 'Please' } });

    const after = await queueCountsAs(moderator);
    expect({
      pending: after.pending - before.pending,
      reported: after.reported - before.reported,
      recent: after.recent - before.recent,
      rejected: after.rejected - before.rejected,
      appeals: after.appeals - before.appeals,
    }).toEqual({ pending: 3, reported: 2, recent: 3, rejected: 1, appeals: 1 });

    // And they agree with the queues themselves for this article.
    expect((await walk(moderator, { queue: 'pending', article: article.id })).ids).toHaveLength(3);
    expect((await walk(moderator, { queue: 'reported', article: article.id })).ids).toHaveLength(2);
    expect((await walk(moderator, { queue: 'recent', article: article.id })).ids).toHaveLength(3);
    expect((await walk(moderator, { queue: 'rejected', article: article.id })).ids).toHaveLength(1);

    await moderateCommentAs(moderator, pending[0]!, { kind: 'approve' });
    await moderateCommentAs(moderator, published[0]!, { kind: 'reject', reason: 'SPAM' });
    const later = await queueCountsAs(moderator);
    expect({
      pending: later.pending - before.pending,
      reported: later.reported - before.reported,
      recent: later.recent - before.recent,
      rejected: later.rejected - before.rejected,
    }).toEqual({ pending: 2, reported: 1, recent: 3, rejected: 2 });
  });
});
