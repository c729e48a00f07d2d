import { afterAll, describe, expect, test } from 'vitest';
import { db } from '@/lib/db';
import { deleteCommentAs } from './delete-comment';
import { listThreadPage } from './list-thread';
import { createActor, createTestArticle, post, refusal, viewerOfActor } from './test-fixtures';

afterAll(() => db.$disconnect());

const row = (id: string) => db.comment.findUniqueOrThrow({ where: { id } });
const commentCountOf = async (articleId: string) => (await db.article.findUniqueOrThrow({ where: { id: articleId } })).commentCount;

describe('deleting a comment', () => {
  test('only the author may delete; others (a moderator included) are refused and nothing changes', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const posted = await post(author, article.id);
    for (const other of [await createActor(), await createActor({ role: 'MODERATOR' })]) {
      const error = await refusal(deleteCommentAs(other, posted.id), 'FORBIDDEN');
      expect(error.message).toBe('You can only delete your own comments.');
    }
    await refusal(deleteCommentAs(null, posted.id), 'UNAUTHENTICATED');
    expect((await row(posted.id)).deletedAt).toBeNull();
    expect(await commentCountOf(article.id)).toBe(1);
  });

  test('a suspended author may still delete their own comment', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const posted = await post(author, article.id);
    await deleteCommentAs({ ...author, suspendedUntil: new Date(Date.now() + 3_600_000) }, posted.id);
    expect((await row(posted.id)).deletedAt).not.toBeNull();
  });

  test('nothing is erased: the row keeps its text, only marked deleted', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const posted = await post(author, article.id, { body: 'Regrettable words' });
    expect(await deleteCommentAs(author, posted.id)).toEqual({ id: posted.id, articleSlug: article.slug });
    const stored = await row(posted.id);
    expect(stored.deletedAt).toBeInstanceOf(Date);
    expect(stored.body).toBe('Regrettable words');
    expect(stored.bodyHtml).toBe('<p>Regrettable words</p>');
  });

  test('a deleted comment with replies stays as a placeholder and its replies remain', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const replier = await createActor();
    const top = await post(author, article.id, { body: 'To be deleted' });
    const reply = await post(replier, article.id, { replyToId: top.id });
    await deleteCommentAs(author, top.id);

    for (const viewer of [null, viewerOfActor(replier), viewerOfActor(author)]) {
      const { items } = await listThreadPage({ articleId: article.id, sort: 'newest', viewer });
      expect(items).toHaveLength(1);
      const [item] = items;
      expect(item?.comment).toMatchObject({ id: top.id, deleted: true, bodyHtml: null, editableBody: null, canDelete: false, canReact: false });
      expect(item?.comment.authorName).not.toBe(author.name);
      expect(item?.replies.map((r) => r.id)).toEqual([reply.id]);
      expect(item?.replies[0]?.bodyHtml).not.toBeNull();
    }
  });

  test('a deleted comment without replies disappears from the thread', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const kept = await post(author, article.id);
    const gone = await post(author, article.id);
    await deleteCommentAs(author, gone.id);
    const { items } = await listThreadPage({ articleId: article.id, sort: 'newest', viewer: viewerOfActor(author) });
    expect(items.map((item) => item.comment.id)).toEqual([kept.id]);
  });

  test('a deleted reply without replies of its own disappears; one with replies stays as a placeholder', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const top = await post(author, article.id);
    const lonely = await post(author, article.id, { replyToId: top.id });
    const answered = await post(author, article.id, { replyToId: top.id });
    const answer = await post(author, article.id, { replyToId: answered.id });
    await deleteCommentAs(author, lonely.id);
    await deleteCommentAs(author, answered.id);
    const { items } = await listThreadPage({ articleId: article.id, sort: 'newest', viewer: null });
    const replies = items[0]?.replies ?? [];
    expect(replies.map((r) => [r.id, r.deleted])).toEqual([
      [answered.id, true],
      [answer.id, false],
    ]);
    expect(items[0]?.moreReplies).toBe(0);
  });

  test('deleted replies without replies of their own do not take the places of the three replies shown', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const top = await post(author, article.id);
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(await post(author, article.id, { replyToId: top.id }));
    await deleteCommentAs(author, replies[0]!.id);
    await deleteCommentAs(author, replies[1]!.id);
    const { items } = await listThreadPage({ articleId: article.id, sort: 'newest', viewer: null });
    expect(items[0]?.replies.map((r) => r.id)).toEqual(replies.slice(2).map((r) => r.id));
    expect(items[0]?.moreReplies).toBe(0);
  });

  test('counts drop once, even when the comment is deleted twice in a row', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const top = await post(author, article.id);
    const reply = await post(author, article.id, { replyToId: top.id });
    expect(await commentCountOf(article.id)).toBe(2);
    expect((await row(top.id)).replyCount).toBe(1);

    await deleteCommentAs(author, reply.id);
    await deleteCommentAs(author, reply.id);
    expect(await commentCountOf(article.id)).toBe(1);
    expect((await row(top.id)).replyCount).toBe(0);
  });

  test('counts drop once when the same deletion arrives several times at once (double click)', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const top = await post(author, article.id);
    const reply = await post(author, article.id, { replyToId: top.id });
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => deleteCommentAs(author, reply.id)));
    expect(results.every((result) => result.status === 'fulfilled')).toBe(true);
    expect(await commentCountOf(article.id)).toBe(1);
    expect((await row(top.id)).replyCount).toBe(0);
  });

  test('deleting a comment that is not published (held for moderation) leaves the counts alone', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const top = await post(author, article.id);
    const held = await post(author, article.id, { replyToId: top.id });
    // Hold it as moderation would, keeping the denormalised counts in step.
    await db.comment.update({ where: { id: held.id }, data: { status: 'PENDING' } });
    await db.comment.update({ where: { id: top.id }, data: { replyCount: { decrement: 1 } } });
    await db.article.update({ where: { id: article.id }, data: { commentCount: { decrement: 1 } } });

    await deleteCommentAs(author, held.id);
    expect(await commentCountOf(article.id)).toBe(1);
    expect((await row(top.id)).replyCount).toBe(0);
  });

  test('an unknown comment is NOT_FOUND', async () => {
    const author = await createActor();
    await refusal(deleteCommentAs(author, '00000000-0000-4000-8000-000000000000'), 'NOT_FOUND');
  });
});
