import { afterAll, describe, expect, test } from 'vitest';
import { db } from '@/lib/db';
import { listThreadPage } from './list-thread';
import { createActor, createTestArticle, post, refusal, viewerOfActor } from './test-fixtures';
import { toggleInsightfulAs } from './toggle-insightful';

afterAll(() => db.$disconnect());

async function consistency(commentId: string) {
  const [{ insightfulCount }, reactions] = await Promise.all([
    db.comment.findUniqueOrThrow({ where: { id: commentId }, select: { insightfulCount: true } }),
    db.commentReaction.count({ where: { commentId } }),
  ]);
  return { insightfulCount, reactions };
}

describe('Insightful reactions', () => {
  test('toggling marks and unmarks, and the count follows', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const reader = await createActor();
    const comment = await post(author, article.id);

    expect(await toggleInsightfulAs(reader, comment.id)).toEqual({ insightful: true, insightfulCount: 1, articleSlug: article.slug });
    expect(await consistency(comment.id)).toEqual({ insightfulCount: 1, reactions: 1 });
    const { items } = await listThreadPage({ articleId: article.id, sort: 'best', viewer: viewerOfActor(reader) });
    expect(items[0]?.comment).toMatchObject({ insightfulCount: 1, viewerFoundInsightful: true, canReact: true });

    expect(await toggleInsightfulAs(reader, comment.id)).toEqual({ insightful: false, insightfulCount: 0, articleSlug: article.slug });
    expect(await consistency(comment.id)).toEqual({ insightfulCount: 0, reactions: 0 });
  });

  test('several readers each count once', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const comment = await post(author, article.id);
    const readers = await Promise.all(Array.from({ length: 4 }, () => createActor()));
    await Promise.all(readers.map((reader) => toggleInsightfulAs(reader, comment.id)));
    expect(await consistency(comment.id)).toEqual({ insightfulCount: 4, reactions: 4 });
  });

  test('one cannot mark one’s own comment', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const comment = await post(author, article.id);
    const error = await refusal(toggleInsightfulAs(author, comment.id), 'FORBIDDEN');
    expect(error.message).toBe('You cannot mark your own comment as insightful.');
    expect(await consistency(comment.id)).toEqual({ insightfulCount: 0, reactions: 0 });
  });

  test('signed out, suspended, on a deleted or held comment: refused', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const reader = await createActor();
    const comment = await post(author, article.id);
    await refusal(toggleInsightfulAs(null, comment.id), 'UNAUTHENTICATED');
    await refusal(toggleInsightfulAs({ ...reader, bannedAt: new Date() }, comment.id), 'FORBIDDEN');
    await db.comment.update({ where: { id: comment.id }, data: { status: 'PENDING' } });
    await refusal(toggleInsightfulAs(reader, comment.id), 'NOT_FOUND');
    await db.comment.update({ where: { id: comment.id }, data: { status: 'PUBLISHED', deletedAt: new Date() } });
    await refusal(toggleInsightfulAs(reader, comment.id), 'NOT_FOUND');
    expect(await consistency(comment.id)).toEqual({ insightfulCount: 0, reactions: 0 });
  });

  test.each([2, 3, 4, 5])('%i simultaneous toggles by one reader never throw and leave the count equal to the reactions', async (clicks) => {
    const article = await createTestArticle();
    const author = await createActor();
    const reader = await createActor();
    const comment = await post(author, article.id);
    const results = await Promise.allSettled(Array.from({ length: clicks }, () => toggleInsightfulAs(reader, comment.id)));
    expect(results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []))).toEqual([]);
    const state = await consistency(comment.id);
    expect(state.insightfulCount).toBe(state.reactions);
    expect(state.reactions).toBeLessThanOrEqual(1);
  });

  test('simultaneous toggles from an already-marked state stay consistent', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const reader = await createActor();
    const comment = await post(author, article.id);
    await toggleInsightfulAs(reader, comment.id);
    const results = await Promise.allSettled([toggleInsightfulAs(reader, comment.id), toggleInsightfulAs(reader, comment.id)]);
    expect(results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []))).toEqual([]);
    const state = await consistency(comment.id);
    expect(state.insightfulCount).toBe(state.reactions);
  });
});
