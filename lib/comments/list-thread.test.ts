import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { db } from '@/lib/db';
import { listThreadPage, REPLIES_SHOWN, THREAD_PAGE_SIZE, type ThreadPage } from './list-thread';
import type { ThreadSort } from './schema';
import { encodeCursor } from './thread-cursor';
import { toggleInsightfulAs } from './toggle-insightful';
import { createActor, createTestArticle, insertReplies, insertTopLevelComments, post, viewerOfActor } from './test-fixtures';

afterAll(() => db.$disconnect());

const ids = (page: ThreadPage) => page.items.map((item) => item.comment.id);

async function walk(articleId: string, sort: ThreadSort, limit: number) {
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listThreadPage({ articleId, sort, cursor, viewer: null, limit });
    seen.push(...ids(page));
    cursor = page.nextCursor ?? undefined;
    pages++;
    if (pages > 100) throw new Error('pagination does not end');
  } while (cursor);
  return { seen, pages };
}

describe('who sees held and removed comments', () => {
  test('a PENDING comment shows to its author and to moderators, not to other readers or anonymous ones', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const other = await createActor();
    const moderator = await createActor({ role: 'MODERATOR' });
    const admin = await createActor({ role: 'ADMIN' });
    const visible = await post(author, article.id);
    const held = await post(author, article.id);
    await db.comment.update({ where: { id: held.id }, data: { status: 'PENDING' } });

    const seenBy = async (viewer: Parameters<typeof listThreadPage>[0]['viewer']) => ids(await listThreadPage({ articleId: article.id, sort: 'oldest', viewer }));
    expect(await seenBy(null)).toEqual([visible.id]);
    expect(await seenBy(viewerOfActor(other))).toEqual([visible.id]);
    expect(await seenBy(viewerOfActor(author))).toEqual([visible.id, held.id]);
    expect(await seenBy(viewerOfActor(moderator))).toEqual([visible.id, held.id]);
    expect(await seenBy(viewerOfActor(admin))).toEqual([visible.id, held.id]);
    const authorsView = await listThreadPage({ articleId: article.id, sort: 'oldest', viewer: viewerOfActor(author) });
    expect(authorsView.items[1]?.comment.status).toBe('PENDING');
  });

  test('a REJECTED comment shows only to its author, not to moderators, readers or anonymous ones', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const moderator = await createActor({ role: 'MODERATOR' });
    const removed = await post(author, article.id);
    await db.comment.update({ where: { id: removed.id }, data: { status: 'REJECTED' } });

    const seenBy = async (viewer: Parameters<typeof listThreadPage>[0]['viewer']) => ids(await listThreadPage({ articleId: article.id, sort: 'newest', viewer }));
    expect(await seenBy(null)).toEqual([]);
    expect(await seenBy(viewerOfActor(await createActor()))).toEqual([]);
    expect(await seenBy(viewerOfActor(moderator))).toEqual([]);
    expect(await seenBy(viewerOfActor(author))).toEqual([removed.id]);
  });

  test('the same rules hold for replies', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const replier = await createActor();
    const moderator = await createActor({ role: 'MODERATOR' });
    const top = await post(author, article.id);
    const held = await post(replier, article.id, { replyToId: top.id });
    const removed = await post(replier, article.id, { replyToId: top.id });
    await db.comment.update({ where: { id: held.id }, data: { status: 'PENDING' } });
    await db.comment.update({ where: { id: removed.id }, data: { status: 'REJECTED' } });

    const repliesSeenBy = async (viewer: Parameters<typeof listThreadPage>[0]['viewer']) =>
      (await listThreadPage({ articleId: article.id, sort: 'newest', viewer })).items[0]?.replies.map((reply) => reply.id);
    expect(await repliesSeenBy(null)).toEqual([]);
    expect(await repliesSeenBy(viewerOfActor(author))).toEqual([]);
    expect(await repliesSeenBy(viewerOfActor(moderator))).toEqual([held.id]);
    expect(await repliesSeenBy(viewerOfActor(replier))).toEqual([held.id, removed.id]);
  });
});

describe('keyset pagination', () => {
  // 23 top-level comments with ties on both the Insightful count and the time,
  // so every part of the sort key (and its id tiebreak) is exercised.
  async function seedThread() {
    const article = await createTestArticle();
    const author = await createActor();
    const base = Date.now() - 3_600_000;
    const rows = Array.from({ length: 23 }, (_, i) => ({
      createdAt: new Date(base + Math.floor(i / 3) * 1000),
      insightfulCount: i % 4,
    }));
    const created = await insertTopLevelComments(article.id, author.id, rows);
    const all = created.map((id, i) => ({ id, createdAt: rows[i]!.createdAt.getTime(), insightful: rows[i]!.insightfulCount }));
    return { article, author, all };
  }

  const expectedOrder = (all: { id: string; createdAt: number; insightful: number }[], sort: ThreadSort) =>
    [...all]
      .sort((a, b) => {
        const byId = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
        if (sort === 'oldest') return a.createdAt - b.createdAt || byId;
        if (sort === 'newest') return b.createdAt - a.createdAt || -byId;
        return b.insightful - a.insightful || b.createdAt - a.createdAt || -byId;
      })
      .map((row) => row.id);

  test.each(['newest', 'oldest', 'best'] as const)('walking every page (%s) returns each top-level comment exactly once, in order', async (sort) => {
    const { article, all } = await seedThread();
    for (const limit of [1, 5, 7, 23, 50]) {
      const { seen, pages } = await walk(article.id, sort, limit);
      expect(seen).toEqual(expectedOrder(all, sort));
      expect(pages).toBe(Math.max(1, Math.ceil(23 / limit)));
    }
  });

  test('the default page holds 20 and says there is more', async () => {
    const { article } = await seedThread();
    const first = await listThreadPage({ articleId: article.id, sort: 'newest', viewer: null });
    expect(first.items).toHaveLength(THREAD_PAGE_SIZE);
    expect(first.nextCursor).not.toBeNull();
    const second = await listThreadPage({ articleId: article.id, sort: 'newest', viewer: null, cursor: first.nextCursor ?? undefined });
    expect(second.items).toHaveLength(3);
    expect(second.nextCursor).toBeNull();
  });

  test('comments posted between page 1 and page 2 (newest) neither repeat nor push the originals off page 2', async () => {
    const { article, author, all } = await seedThread();
    const original = expectedOrder(all, 'newest');
    const first = await listThreadPage({ articleId: article.id, sort: 'newest', viewer: null, limit: 10 });
    expect(ids(first)).toEqual(original.slice(0, 10));

    await post(author, article.id);
    await post(author, article.id);
    await insertTopLevelComments(article.id, author.id, [{ createdAt: new Date() }, { createdAt: new Date(Date.now() + 1) }]);

    const second = await listThreadPage({ articleId: article.id, sort: 'newest', viewer: null, limit: 10, cursor: first.nextCursor ?? undefined });
    expect(ids(second)).toEqual(original.slice(10, 20));
    const third = await listThreadPage({ articleId: article.id, sort: 'newest', viewer: null, limit: 10, cursor: second.nextCursor ?? undefined });
    expect(ids(third)).toEqual(original.slice(20));
    expect(third.nextCursor).toBeNull();
  });

  test('a comment deleted between pages does not shift the next page', async () => {
    const { article, all } = await seedThread();
    const original = expectedOrder(all, 'oldest');
    const first = await listThreadPage({ articleId: article.id, sort: 'oldest', viewer: null, limit: 10 });
    await db.comment.updateMany({ where: { id: { in: original.slice(0, 3) } }, data: { deletedAt: new Date() } });
    const second = await listThreadPage({ articleId: article.id, sort: 'oldest', viewer: null, limit: 10, cursor: first.nextCursor ?? undefined });
    expect(ids(second)).toEqual(original.slice(10, 20));
  });

  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const malformed: [string, string][] = [
    ['not base64 JSON at all', 'garbage!!'],
    ['an empty JSON object', cursorOf({})],
    ['a JSON number', cursorOf(5)],
    ['JSON null', cursorOf(null)],
    ['a string', cursorOf('abc')],
    ['a wrong-typed array', cursorOf(['1', 'yesterday', 42])],
    ['an id that is not a UUID', cursorOf([0, new Date().toISOString(), '------------------------------------'])],
    ['a fractional Insightful count', cursorOf([1.5, new Date().toISOString(), randomUUID()])],
    ['an Insightful count beyond a 32-bit integer', cursorOf([2 ** 40, new Date().toISOString(), randomUUID()])],
    ['an infinite Insightful count', Buffer.from(`[1e999,"${new Date().toISOString()}","${randomUUID()}"]`).toString('base64url')],
    ['a date PostgreSQL cannot store', cursorOf([0, '-271821-04-20T00:00:00.000Z', randomUUID()])],
    // Well-formed positions this server never handed out (issue 12: every made-up cursor was its own cache entry).
    ['an unsigned well-formed position', cursorOf([0, new Date(0).toISOString(), randomUUID()])],
    ['a made-up signature', `${cursorOf([0, new Date(0).toISOString(), randomUUID()])}.AAAAAAAAAAAAAAAA`],
    [
      "another position under a real cursor's signature",
      `${cursorOf([0, new Date(0).toISOString(), randomUUID()])}.${encodeCursor({ insightful: 0, createdAt: new Date(), id: randomUUID() }).split('.')[1]}`,
    ],
  ];

  test.each(malformed)('a malformed cursor (%s) is treated as the first page, in every sort', async (_case, cursor) => {
    const { article } = await seedThread();
    for (const sort of ['best', 'newest', 'oldest'] as const) {
      const firstPage = await listThreadPage({ articleId: article.id, sort, viewer: null, limit: 5 });
      const withBadCursor = await listThreadPage({ articleId: article.id, sort, viewer: null, limit: 5, cursor });
      expect(ids(withBadCursor)).toEqual(ids(firstPage));
    }
  });

  test('a well-formed cursor for a position past the end gives an empty last page', async () => {
    const { article } = await seedThread();
    const cursor = encodeCursor({ insightful: 0, createdAt: new Date(0), id: '00000000-0000-4000-8000-000000000000' });
    expect(await listThreadPage({ articleId: article.id, sort: 'newest', viewer: null, cursor })).toEqual({ items: [], nextCursor: null });
  });

  test('"best" ranks by Insightful reactions made through the real command', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const older = await post(author, article.id);
    const newer = await post(author, article.id);
    await toggleInsightfulAs(await createActor(), older.id);
    const page = await listThreadPage({ articleId: article.id, sort: 'best', viewer: null });
    expect(ids(page)).toEqual([older.id, newer.id]);
  });
});

describe('replies under each top-level comment', () => {
  test(`at most ${REPLIES_SHOWN} replies are shown, the first ones, with moreReplies counting the rest`, async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const [busy, quiet, silent] = await insertTopLevelComments(article.id, author.id, [
      { createdAt: new Date(Date.now() - 60_000) },
      { createdAt: new Date(Date.now() - 50_000) },
      { createdAt: new Date(Date.now() - 40_000) },
    ]);
    const busyReplies = await insertReplies({ id: busy!, articleId: article.id }, author.id, 7, new Date(Date.now() - 30_000));
    const quietReplies = await insertReplies({ id: quiet!, articleId: article.id }, author.id, 2, new Date(Date.now() - 30_000));

    const page = await listThreadPage({ articleId: article.id, sort: 'oldest', viewer: null });
    const byId = new Map(page.items.map((item) => [item.comment.id, item]));
    expect(byId.get(busy!)?.replies.map((reply) => reply.id)).toEqual(busyReplies.slice(0, 3));
    expect(byId.get(busy!)?.moreReplies).toBe(4);
    expect(byId.get(busy!)?.comment.replyCount).toBe(7);
    expect(byId.get(quiet!)?.replies.map((reply) => reply.id)).toEqual(quietReplies);
    expect(byId.get(quiet!)?.moreReplies).toBe(0);
    expect(byId.get(silent!)?.replies).toEqual([]);
    expect(byId.get(silent!)?.moreReplies).toBe(0);
  });

  test('replies hidden from the viewer are not counted as shown', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const top = await post(author, article.id);
    const replies = await insertReplies({ id: top.id, articleId: article.id }, author.id, 5, new Date(Date.now() + 1000));
    // Moderation holds the first reply (counts kept in step, as moderation would).
    await db.comment.update({ where: { id: replies[0]! }, data: { status: 'PENDING' } });
    await db.comment.update({ where: { id: top.id }, data: { replyCount: { decrement: 1 } } });
    const page = await listThreadPage({ articleId: article.id, sort: 'oldest', viewer: null });
    expect(page.items[0]?.replies.map((reply) => reply.id)).toEqual(replies.slice(1, 4));
    expect(page.items[0]?.moreReplies).toBe(1);
  });
});

describe('query count', () => {
  // Counts the SQL statements the real pg driver sends (Prisma's adapter runs
  // on pg.Client); nothing is stubbed, the calls go through.
  async function countQueries(run: () => Promise<unknown>) {
    const spy = vi.spyOn(pg.Client.prototype, 'query');
    try {
      await run();
      return spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }
  }

  test('a page costs the same number of queries whether it holds 2 or 40 threads with replies (no N+1)', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const reader = await createActor();
    const tops = await insertTopLevelComments(
      article.id,
      author.id,
      Array.from({ length: 40 }, (_, i) => ({ createdAt: new Date(Date.now() - 3_600_000 + i * 1000) })),
    );
    for (const top of tops) await insertReplies({ id: top, articleId: article.id }, author.id, 4, new Date());
    const viewer = viewerOfActor(reader);

    const small = await countQueries(() => listThreadPage({ articleId: article.id, sort: 'newest', viewer, limit: 2 }));
    const medium = await countQueries(() => listThreadPage({ articleId: article.id, sort: 'newest', viewer, limit: 10 }));
    let page: ThreadPage | undefined;
    const large = await countQueries(async () => {
      page = await listThreadPage({ articleId: article.id, sort: 'newest', viewer, limit: 40 });
    });
    expect(page?.items).toHaveLength(40);
    expect(page?.items.every((item) => item.replies.length === 3 && item.moreReplies === 1)).toBe(true);
    expect(small).toBeGreaterThan(0);
    // Prisma loads each selected relation (author, replyTo, its author) with one
    // extra statement per findMany, so the total is a small constant, not 3.
    expect([small, medium, large]).toEqual([small, small, small]);
  });
});
