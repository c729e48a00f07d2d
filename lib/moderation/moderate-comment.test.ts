// A moderator's decisions on comments: status, thread counts, reports, and
// exactly one audit entry per comment decided.
import { afterAll, describe, expect, test } from 'vitest';
import { createActor, createTestArticle, post, refusal } from '@/lib/comments/test-fixtures';
import { db } from '@/lib/db';
import { moderateCommentAs, moderateCommentsAs } from './moderate-comment';
import { auditOf, commentWithStatus, counts, createModerator, reportTimes } from './test-fixtures';

afterAll(() => db.$disconnect());

/** An article with a published top-level comment and, under it, a held reply. */
async function threadWithPendingReply() {
  const article = await createTestArticle();
  const author = await createActor();
  const root = (await post(author, article.id)).id;
  const reply = await commentWithStatus(author, article.id, 'PENDING', { replyToId: root });
  return { article, author, root, reply, moderator: await createModerator() };
}

describe('approving, rejecting, restoring', () => {
  test('approving a held reply publishes it and counts it on the article and its thread', async () => {
    const { article, root, reply, moderator } = await threadWithPendingReply();
    expect(await counts(article.id, root)).toEqual({ article: 1, replies: 0 });
    const before = Date.now();
    await moderateCommentAs(moderator, reply, { kind: 'approve' });
    const row = await db.comment.findUniqueOrThrow({ where: { id: reply } });
    expect(row).toMatchObject({ status: 'PUBLISHED', moderatedById: moderator.id, rejectionReason: null });
    expect(row.moderatedAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(await counts(article.id, root)).toEqual({ article: 2, replies: 1 });

    const audit = await auditOf(reply);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'COMMENT_APPROVED',
      actorId: moderator.id,
      targetType: 'comment',
      targetId: reply,
      articleId: article.id,
      before: { status: 'PENDING', featured: false, rejectionReason: null },
      after: { status: 'PUBLISHED', featured: false, rejectionReason: null },
      reason: null,
    });
    expect(audit[0]?.createdAt).toBeInstanceOf(Date);
  });

  test('approving twice counts once', async () => {
    const { article, root, reply, moderator } = await threadWithPendingReply();
    await moderateCommentAs(moderator, reply, { kind: 'approve' });
    await moderateCommentAs(moderator, reply, { kind: 'approve' });
    expect(await counts(article.id, root)).toEqual({ article: 2, replies: 1 });
    expect(await auditOf(reply)).toHaveLength(2);
  });

  test('rejecting with a reason and note hides the comment, uncounts it, resolves its reports, and is audited with the reason', async () => {
    const { article, author, root, moderator } = await threadWithPendingReply();
    const reply = (await post(author, article.id, { replyToId: root })).id;
    await reportTimes(reply, 2, 'HARASSMENT');
    expect(await counts(article.id, root)).toEqual({ article: 2, replies: 1 });

    await moderateCommentAs(moderator, reply, { kind: 'reject', reason: 'HARASSMENT', note: 'Personal attack' });
    expect(await db.comment.findUniqueOrThrow({ where: { id: reply } })).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'HARASSMENT',
      rejectionNote: 'Personal attack',
      moderatedById: moderator.id,
    });
    expect(await counts(article.id, root)).toEqual({ article: 1, replies: 0 });
    expect(await db.commentReport.count({ where: { commentId: reply, resolvedAt: null } })).toBe(0);
    expect(await db.commentReport.count({ where: { commentId: reply } })).toBe(2);

    const audit = await auditOf(reply);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'COMMENT_REJECTED',
      actorId: moderator.id,
      before: { status: 'PUBLISHED', featured: false, rejectionReason: null },
      after: { status: 'REJECTED', featured: false, rejectionReason: 'HARASSMENT' },
      reason: 'HARASSMENT',
      note: 'Personal attack',
    });
  });

  test('rejecting a held comment leaves the counts alone', async () => {
    const { article, root, reply, moderator } = await threadWithPendingReply();
    await moderateCommentAs(moderator, reply, { kind: 'reject', reason: 'SPAM' });
    expect(await counts(article.id, root)).toEqual({ article: 1, replies: 0 });
    expect((await db.comment.findUniqueOrThrow({ where: { id: reply } })).rejectionNote).toBeNull();
  });

  test('restoring a rejected comment publishes it again, clears the reason, and counts it', async () => {
    const { article, author, root, moderator } = await threadWithPendingReply();
    const reply = (await post(author, article.id, { replyToId: root })).id;
    await moderateCommentAs(moderator, reply, { kind: 'reject', reason: 'OTHER', note: 'Mistake?' });
    await moderateCommentAs(moderator, reply, { kind: 'restore' });
    expect(await db.comment.findUniqueOrThrow({ where: { id: reply } })).toMatchObject({ status: 'PUBLISHED', rejectionReason: null, rejectionNote: null });
    expect(await counts(article.id, root)).toEqual({ article: 2, replies: 1 });
    const audit = await auditOf(reply);
    expect(audit.map((entry) => entry.action)).toEqual(['COMMENT_REJECTED', 'COMMENT_RESTORED']);
    expect(audit[1]).toMatchObject({ before: { status: 'REJECTED', rejectionReason: 'OTHER' }, after: { status: 'PUBLISHED', rejectionReason: null }, reason: null });
  });

  test('an unknown comment is NOT_FOUND and audits nothing', async () => {
    const moderator = await createModerator();
    const missing = '00000000-0000-4000-8000-000000000000';
    await refusal(moderateCommentAs(moderator, missing, { kind: 'approve' }), 'NOT_FOUND');
    expect(await auditOf(missing)).toEqual([]);
  });
});

describe('featuring', () => {
  test('feature and unfeature a published comment, each audited', async () => {
    const article = await createTestArticle();
    const comment = (await post(await createActor(), article.id)).id;
    const moderator = await createModerator();
    await moderateCommentAs(moderator, comment, { kind: 'feature' });
    expect((await db.comment.findUniqueOrThrow({ where: { id: comment } })).featuredAt).toBeInstanceOf(Date);
    await moderateCommentAs(moderator, comment, { kind: 'unfeature' });
    expect((await db.comment.findUniqueOrThrow({ where: { id: comment } })).featuredAt).toBeNull();
    const audit = await auditOf(comment);
    expect(audit.map((entry) => [entry.action, entry.before, entry.after])).toEqual([
      ['COMMENT_FEATURED', { status: 'PUBLISHED', featured: false, rejectionReason: null }, { status: 'PUBLISHED', featured: true, rejectionReason: null }],
      ['COMMENT_UNFEATURED', { status: 'PUBLISHED', featured: true, rejectionReason: null }, { status: 'PUBLISHED', featured: false, rejectionReason: null }],
    ]);
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).commentCount).toBe(1);
  });

  test.each(['PENDING', 'REJECTED'] as const)('featuring a %s comment is refused and changes nothing', async (status) => {
    const article = await createTestArticle();
    const comment = await commentWithStatus(await createActor(), article.id, status);
    const error = await refusal(moderateCommentAs(await createModerator(), comment, { kind: 'feature' }), 'CONFLICT');
    expect(error.message).toMatch(/Only a published comment/);
    expect(await db.comment.findUniqueOrThrow({ where: { id: comment }, select: { featuredAt: true, status: true } })).toEqual({ featuredAt: null, status });
    expect(await auditOf(comment)).toEqual([]);
  });

  test('featuring a deleted comment is refused', async () => {
    const article = await createTestArticle();
    const comment = (await post(await createActor(), article.id)).id;
    await db.comment.update({ where: { id: comment }, data: { deletedAt: new Date() } });
    await refusal(moderateCommentAs(await createModerator(), comment, { kind: 'feature' }), 'CONFLICT');
  });

  test('rejecting a featured comment unfeatures it', async () => {
    const article = await createTestArticle();
    const comment = (await post(await createActor(), article.id)).id;
    const moderator = await createModerator();
    await moderateCommentAs(moderator, comment, { kind: 'feature' });
    await moderateCommentAs(moderator, comment, { kind: 'reject', reason: 'SPAM' });
    expect((await db.comment.findUniqueOrThrow({ where: { id: comment } })).featuredAt).toBeNull();
  });
});

describe('bulk decisions', () => {
  test('approve many held comments in one call: each published, counted, and audited once', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await commentWithStatus(author, article.id, 'PENDING'));
    const moderator = await createModerator();
    const result = await moderateCommentsAs(moderator, ids, { kind: 'approve' });
    expect(result).toEqual({ articleSlugs: [article.slug], count: 5 });
    expect(await db.comment.count({ where: { id: { in: ids }, status: 'PUBLISHED' } })).toBe(5);
    expect((await counts(article.id)).article).toBe(5);
    const audit = await db.auditLog.findMany({ where: { targetId: { in: ids } } });
    expect(audit).toHaveLength(5);
    expect(new Set(audit.map((entry) => entry.targetId))).toEqual(new Set(ids));
    expect(audit.every((entry) => entry.action === 'COMMENT_APPROVED' && entry.actorId === moderator.id)).toBe(true);
  });

  test('reject many across articles in one call', async () => {
    const first = await createTestArticle();
    const second = await createTestArticle();
    const author = await createActor();
    const ids = [(await post(author, first.id)).id, (await post(author, second.id)).id, (await post(author, first.id)).id];
    const result = await moderateCommentsAs(await createModerator(), ids, { kind: 'reject', reason: 'SPAM', note: 'Link farm' });
    expect(new Set(result.articleSlugs)).toEqual(new Set([first.slug, second.slug]));
    expect(await db.comment.count({ where: { id: { in: ids }, status: 'REJECTED', rejectionReason: 'SPAM', rejectionNote: 'Link farm' } })).toBe(3);
    expect((await counts(first.id)).article).toBe(0);
    expect((await counts(second.id)).article).toBe(0);
    expect(await db.auditLog.count({ where: { targetId: { in: ids }, action: 'COMMENT_REJECTED', reason: 'SPAM' } })).toBe(3);
  });

  test('one bad id refuses the whole selection: nothing changes, nothing is audited', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const good = [await commentWithStatus(author, article.id, 'PENDING'), await commentWithStatus(author, article.id, 'PENDING')];
    const missing = '00000000-0000-4000-8000-000000000001';
    await refusal(moderateCommentsAs(await createModerator(), [good[0]!, missing, good[1]!], { kind: 'approve' }), 'NOT_FOUND');
    expect(await db.comment.count({ where: { id: { in: good }, status: 'PENDING', moderatedAt: null } })).toBe(2);
    expect((await counts(article.id)).article).toBe(0);
    expect(await db.auditLog.count({ where: { targetId: { in: good } } })).toBe(0);
  });

  test('an id given twice is one comment: decided, counted and audited once', async () => {
    const article = await createTestArticle();
    const id = await commentWithStatus(await createActor(), article.id, 'PENDING');
    const result = await moderateCommentsAs(await createModerator(), [id, id], { kind: 'approve' });
    expect(result.count).toBe(1);
    expect((await counts(article.id)).article).toBe(1);
    expect(await auditOf(id)).toHaveLength(1);
  });

  test('an empty selection and one over 100 are refused', async () => {
    const moderator = await createModerator();
    await refusal(moderateCommentsAs(moderator, [], { kind: 'approve' }), 'INVALID_INPUT');
    const tooMany = Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    await refusal(moderateCommentsAs(moderator, tooMany, { kind: 'approve' }), 'INVALID_INPUT');
  });
});
