// A removed comment's author appeals once; a moderator upholds the removal or
// overturns it (restoring the comment), once.
import { afterAll, describe, expect, test } from 'vitest';
import { createActor, createTestArticle, post, refusal } from '@/lib/comments/test-fixtures';
import { db } from '@/lib/db';
import { appealRemovalAs, resolveAppealAs } from './appeals';
import { listAppealsAs } from './list-appeals';
import { moderateCommentAs } from './moderate-comment';
import { moderationLedger } from './moderation-ledger';
import { auditOf, commentWithStatus, counts, createModerator } from './test-fixtures';

afterAll(() => db.$disconnect());

/** A published comment a moderator then rejected (through the command, so the ledger sees it), appealed by its author. */
async function appealedRemoval() {
  const article = await createTestArticle();
  const author = await createActor({ name: 'Appealing Author' });
  const moderator = await createModerator();
  const comment = (await post(author, article.id)).id;
  await moderateCommentAs(moderator, comment, { kind: 'reject', reason: 'OFF_TOPIC' });
  await appealRemovalAs(author, { commentId: comment, message: 'It answers the third section.' });
  const appeal = await db.appeal.findUniqueOrThrow({ where: { commentId: comment } });
  return { article, author, moderator, comment, appeal };
}

describe('appealing', () => {
  test('the author appeals a removed comment once; the second appeal is a CONFLICT', async () => {
    const { author, comment, appeal } = await appealedRemoval();
    expect(appeal).toMatchObject({ authorId: author.id, status: 'OPEN', message: 'It answers the third section.', resolvedAt: null });
    const error = await refusal(appealRemovalAs(author, { commentId: comment, message: 'Again' }), 'CONFLICT');
    expect(error.message).toMatch(/already appealed/);
    expect(await db.appeal.count({ where: { commentId: comment } })).toBe(1);
  });

  test.each(['PUBLISHED', 'PENDING'] as const)('a %s comment cannot be appealed (CONFLICT)', async (status) => {
    const article = await createTestArticle();
    const author = await createActor();
    const comment = await commentWithStatus(author, article.id, status);
    await refusal(appealRemovalAs(author, { commentId: comment, message: 'Why?' }), 'CONFLICT');
    expect(await db.appeal.count({ where: { commentId: comment } })).toBe(0);
  });

  test('someone else’s comment, or none, is NOT_FOUND', async () => {
    const article = await createTestArticle();
    const comment = await commentWithStatus(await createActor(), article.id, 'REJECTED');
    await refusal(appealRemovalAs(await createActor(), { commentId: comment, message: 'Not mine' }), 'NOT_FOUND');
    await refusal(appealRemovalAs(await createModerator(), { commentId: comment, message: 'Not mine' }), 'NOT_FOUND');
    await refusal(appealRemovalAs(await createActor(), { commentId: '00000000-0000-4000-8000-000000000004', message: 'None' }), 'NOT_FOUND');
    expect(await db.appeal.count({ where: { commentId: comment } })).toBe(0);
  });

  test('open appeals are listed for moderators, oldest first, and leave the list when decided', async () => {
    const first = await appealedRemoval();
    const second = await appealedRemoval();
    // Other files leave open appeals behind and the list shows the 100 oldest: make these the oldest.
    await db.appeal.update({ where: { id: second.appeal.id }, data: { createdAt: new Date('2000-01-02T00:00:00Z') } });
    await db.appeal.update({ where: { id: first.appeal.id }, data: { createdAt: new Date('2000-01-01T00:00:00Z') } });
    const mine = (list: Awaited<ReturnType<typeof listAppealsAs>>) => list.filter((item) => [first.appeal.id, second.appeal.id].includes(item.id));
    const listed = mine(await listAppealsAs(first.moderator));
    expect(listed.map((item) => item.id)).toEqual([first.appeal.id, second.appeal.id]);
    expect(listed[0]).toMatchObject({
      message: 'It answers the third section.',
      comment: { id: first.comment, rejectionReason: 'OFF_TOPIC', author: { name: 'Appealing Author' } },
    });
    await resolveAppealAs(first.moderator, { appealId: first.appeal.id, outcome: 'UPHELD' });
    expect(mine(await listAppealsAs(first.moderator)).map((item) => item.id)).toEqual([second.appeal.id]);
  });
});

describe('deciding an appeal', () => {
  test('OVERTURNED restores the comment, counts it again, and takes it off the ledger; both steps audited', async () => {
    const { article, moderator, comment, appeal } = await appealedRemoval();
    expect(await counts(article.id)).toEqual({ article: 0, replies: undefined });
    expect((await moderationLedger(article.id)).removed).toBe(1);

    await resolveAppealAs(moderator, { appealId: appeal.id, outcome: 'OVERTURNED' });
    expect(await db.comment.findUniqueOrThrow({ where: { id: comment } })).toMatchObject({ status: 'PUBLISHED', rejectionReason: null });
    expect(await counts(article.id)).toEqual({ article: 1, replies: undefined });
    expect(await db.appeal.findUniqueOrThrow({ where: { id: appeal.id } })).toMatchObject({
      status: 'OVERTURNED',
      resolvedById: moderator.id,
      resolvedAt: expect.any(Date),
    });
    expect(await moderationLedger(article.id)).toEqual({ removed: 0, byReason: [] });

    expect((await auditOf(comment)).map((entry) => entry.action)).toEqual(['COMMENT_REJECTED', 'COMMENT_RESTORED']);
    expect(await auditOf(appeal.id)).toEqual([
      expect.objectContaining({ action: 'APPEAL_RESOLVED', actorId: moderator.id, targetType: 'appeal', before: { status: 'OPEN' }, after: { status: 'OVERTURNED' } }),
    ]);
  });

  test('UPHELD leaves the comment removed', async () => {
    const { article, moderator, comment, appeal } = await appealedRemoval();
    await resolveAppealAs(moderator, { appealId: appeal.id, outcome: 'UPHELD' });
    expect(await db.comment.findUniqueOrThrow({ where: { id: comment } })).toMatchObject({ status: 'REJECTED', rejectionReason: 'OFF_TOPIC' });
    expect(await db.appeal.findUniqueOrThrow({ where: { id: appeal.id } })).toMatchObject({ status: 'UPHELD', resolvedById: moderator.id });
    expect((await auditOf(comment)).map((entry) => entry.action)).toEqual(['COMMENT_REJECTED']);
    expect(await auditOf(appeal.id)).toEqual([expect.objectContaining({ action: 'APPEAL_RESOLVED', after: { status: 'UPHELD' } })]);
    expect((await moderationLedger(article.id)).removed).toBe(1);
  });

  test.each([
    ['UPHELD', 'OVERTURNED'],
    ['OVERTURNED', 'UPHELD'],
    ['UPHELD', 'UPHELD'],
  ] as const)('a decided appeal (%s) cannot be decided again (%s)', async (first, second) => {
    const { moderator, comment, appeal } = await appealedRemoval();
    await resolveAppealAs(moderator, { appealId: appeal.id, outcome: first });
    const status = (await db.comment.findUniqueOrThrow({ where: { id: comment } })).status;
    const error = await refusal(resolveAppealAs(await createModerator(), { appealId: appeal.id, outcome: second }), 'CONFLICT');
    expect(error.message).toMatch(/already been decided/);
    expect(await db.appeal.findUniqueOrThrow({ where: { id: appeal.id } })).toMatchObject({ status: first, resolvedById: moderator.id });
    expect((await db.comment.findUniqueOrThrow({ where: { id: comment } })).status).toBe(status);
    expect(await auditOf(appeal.id)).toHaveLength(1);
  });

  test('two moderators deciding at once: one decision stands, the other is a CONFLICT', async () => {
    const { comment, appeal } = await appealedRemoval();
    const [a, b] = [await createModerator(), await createModerator()];
    const results = await Promise.allSettled([
      resolveAppealAs(a, { appealId: appeal.id, outcome: 'OVERTURNED' }),
      resolveAppealAs(b, { appealId: appeal.id, outcome: 'UPHELD' }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((result) => result.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toMatchObject({ code: 'CONFLICT' });
    const decided = await db.appeal.findUniqueOrThrow({ where: { id: appeal.id } });
    const winner = results[0]?.status === 'fulfilled' ? { by: a.id, outcome: 'OVERTURNED', status: 'PUBLISHED' } : { by: b.id, outcome: 'UPHELD', status: 'REJECTED' };
    expect(decided).toMatchObject({ status: winner.outcome, resolvedById: winner.by });
    // The comment agrees with the decision that stands.
    expect((await db.comment.findUniqueOrThrow({ where: { id: comment } })).status).toBe(winner.status);
    expect(await auditOf(appeal.id)).toHaveLength(1);
  });

  test('an unknown appeal is NOT_FOUND', async () => {
    await refusal(resolveAppealAs(await createModerator(), { appealId: '00000000-0000-4000-8000-000000000005', outcome: 'UPHELD' }), 'NOT_FOUND');
  });
});
