// The reader's part of a shared cached page (GET /api/viewer): only ever their own.
// The article and the policy are read uncached here (the app reads them from
// Next.js's data cache, which exists only inside Next.js).
import { afterAll, describe, expect, test } from 'vitest';
import { findPublishedArticle } from '@/lib/articles/get-published-article';
import { createActor, createTestArticle, post } from '@/lib/comments/test-fixtures';
import { db } from '@/lib/db';
import { getModerationPolicy } from '@/lib/moderation/policy';
import { loadPageViewerAs, threadViewerOf } from './load-page-viewer';

afterAll(() => db.$disconnect());

async function threadOf(slug: string) {
  const article = await findPublishedArticle(slug);
  if (!article) throw new Error(`no article ${slug}`);
  return { article, policy: await getModerationPolicy() };
}

describe('the reader of a shared page', () => {
  test('an anonymous visitor is told only that they are signed out', async () => {
    const article = await createTestArticle();
    expect(await loadPageViewerAs(null, { article: article.slug })).toEqual({ signedIn: false });
  });

  test('a reader gets their header part: name, staff links, unread count, and no thread part without an article', async () => {
    const reader = await createActor({ name: 'Header Reader' });
    expect(await loadPageViewerAs(reader, {})).toMatchObject({ signedIn: true, name: 'Header Reader', isModerator: false, isAdmin: false, unread: 0, thread: null });
  });

  test("a reader gets their own comments (with the source while editable), their reactions and their held comments, and nobody else's", async () => {
    const article = await createTestArticle();
    const [reader, other] = [await createActor({ name: 'Viewer Owner' }), await createActor({ name: 'Someone Else' })];
    const mine = await post(reader, article.id);
    const theirs = await post(other, article.id);
    const old = await post(reader, article.id);
    await db.comment.update({ where: { id: old.id }, data: { createdAt: new Date(Date.now() - 24 * 3600_000) } });
    const held = await post(reader, article.id);
    await db.comment.update({ where: { id: held.id }, data: { status: 'PENDING' } });
    await db.commentReaction.create({ data: { commentId: theirs.id, userId: reader.id } });

    const { article: stored, policy } = await threadOf(article.slug);
    const thread = await threadViewerOf(reader, stored, policy);
    expect(thread).toMatchObject({ slug: article.slug, canPost: true, restriction: null, following: false, reacted: [theirs.id] });
    const own = new Map(thread.own.map((comment) => [comment.id, comment.editableBody]));
    expect([...own.keys()].sort()).toEqual([mine.id, old.id, held.id].sort());
    expect(own.get(mine.id)).toEqual(expect.any(String));
    expect(own.get(old.id)).toBeNull();
    expect(thread.held.map((comment) => comment.id)).toEqual([held.id]);
    expect(thread.held[0]).toMatchObject({ status: 'PENDING', isOwn: true, canDelete: true });
  });

  test('a suspended reader may not post and is told why; nobody may post on a closed article', async () => {
    const article = await createTestArticle();
    const suspended = await createActor({ suspendedUntil: new Date(Date.now() + 3600_000), statusReason: 'Cooling off' });
    const { article: stored, policy } = await threadOf(article.slug);
    expect(await threadViewerOf(suspended, stored, policy)).toMatchObject({ canPost: false, restriction: expect.stringMatching(/suspended/i) });

    const reader = await createActor();
    const closed = await threadViewerOf(reader, { ...stored, commentsClosedAt: new Date().toISOString() }, policy);
    expect(closed).toMatchObject({ canPost: false, restriction: null });
  });
});
