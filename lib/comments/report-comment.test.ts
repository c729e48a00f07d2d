import { afterAll, describe, expect, test } from 'vitest';
import { db } from '@/lib/db';
import { reportCommentAs } from './report-comment';
import { reportCommentSchema, reportReasons } from './schema';
import { createActor, createTestArticle, post, refusal } from './test-fixtures';

afterAll(() => db.$disconnect());

const report = (actor: Parameters<typeof reportCommentAs>[0], input: { commentId: string; reason: string; note?: string }) =>
  reportCommentAs(actor, reportCommentSchema.parse(input));

describe('reporting a comment', () => {
  test.each(reportReasons)('a reader can report for %s, and the report is stored unresolved', async (reason) => {
    const article = await createTestArticle();
    const author = await createActor();
    const reader = await createActor();
    const comment = await post(author, article.id);
    const note = reason === 'OTHER' ? 'Copies another reader’s text' : undefined;
    await report(reader, { commentId: comment.id, reason, note });
    const stored = await db.commentReport.findMany({ where: { commentId: comment.id } });
    expect(stored).toEqual([expect.objectContaining({ reporterId: reader.id, reason, note: note ?? null, resolvedAt: null })]);
  });

  test('OTHER without a note never reaches the database', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const comment = await post(author, article.id);
    expect(() => reportCommentSchema.parse({ commentId: comment.id, reason: 'OTHER' })).toThrow(/Tell us what is wrong/);
    expect(await db.commentReport.count({ where: { commentId: comment.id } })).toBe(0);
  });

  test('a reader reports a comment once; the second time is a CONFLICT', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const reader = await createActor();
    const comment = await post(author, article.id);
    await report(reader, { commentId: comment.id, reason: 'SPAM' });
    const error = await refusal(report(reader, { commentId: comment.id, reason: 'HATE' }), 'CONFLICT');
    expect(error.message).toMatch(/already reported this comment/);
    expect(await db.commentReport.count({ where: { commentId: comment.id } })).toBe(1);
    // Another reader still can.
    await report(await createActor(), { commentId: comment.id, reason: 'HATE' });
    expect(await db.commentReport.count({ where: { commentId: comment.id } })).toBe(2);
  });

  test('simultaneous reports by one reader store one and refuse the rest as CONFLICT', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const reader = await createActor();
    const comment = await post(author, article.id);
    const results = await Promise.allSettled(Array.from({ length: 3 }, () => report(reader, { commentId: comment.id, reason: 'SPAM' })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'CONFLICT' });
    }
    expect(await db.commentReport.count({ where: { commentId: comment.id } })).toBe(1);
  });

  test('one cannot report one’s own comment', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const comment = await post(author, article.id);
    await refusal(report(author, { commentId: comment.id, reason: 'SPAM' }), 'FORBIDDEN');
    expect(await db.commentReport.count({ where: { commentId: comment.id } })).toBe(0);
  });

  test('signed out is refused; a suspended reader may still report', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const comment = await post(author, article.id);
    await refusal(report(null, { commentId: comment.id, reason: 'SPAM' }), 'UNAUTHENTICATED');
    const suspended = await createActor({ suspendedUntil: new Date(Date.now() + 3_600_000) });
    await report(suspended, { commentId: comment.id, reason: 'HARASSMENT' });
    expect(await db.commentReport.count({ where: { commentId: comment.id } })).toBe(1);
  });

  test('a deleted or unknown comment is NOT_FOUND', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const reader = await createActor();
    const comment = await post(author, article.id);
    await db.comment.update({ where: { id: comment.id }, data: { deletedAt: new Date() } });
    await refusal(report(reader, { commentId: comment.id, reason: 'SPAM' }), 'NOT_FOUND');
    await refusal(report(reader, { commentId: '00000000-0000-4000-8000-000000000000', reason: 'SPAM' }), 'NOT_FOUND');
  });
});
