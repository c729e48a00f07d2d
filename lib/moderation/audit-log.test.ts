// The audit log: article actions, policy changes and role changes are each
// recorded once with before and after; the log can be read and filtered by
// moderators, and never changed (a database trigger refuses it).
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { applyRoleChange } from '@/lib/auth/set-user-role';
import { createActor, createTestArticle, post, refusal } from '@/lib/comments/test-fixtures';
import { db } from '@/lib/db';
import { auditQuerySchema, listAuditLogAs } from './list-audit-log';
import { moderateArticleAs } from './moderate-article';
import { getModerationPolicy } from './policy';
import { auditOf, createAdmin, createModerator, resetPolicy } from './test-fixtures';
import { updatePolicyAs } from './update-policy';

afterEach(() => resetPolicy());
afterAll(async () => {
  await resetPolicy();
  await db.$disconnect();
});

describe('article actions', () => {
  test('close stops new comments, reopen allows them again; each audited once with before and after', async () => {
    const article = await createTestArticle();
    const moderator = await createModerator();
    const reader = await createActor();
    expect(await moderateArticleAs(moderator, article.id, { kind: 'close' })).toEqual({ articleSlug: article.slug });
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).commentsClosedAt).toBeInstanceOf(Date);
    expect((await refusal(post(reader, article.id), 'FORBIDDEN')).message).toMatch(/Comments are closed/);

    await moderateArticleAs(moderator, article.id, { kind: 'reopen' });
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).commentsClosedAt).toBeNull();
    expect((await post(reader, article.id)).status).toBe('PUBLISHED');

    const audit = await auditOf(article.id);
    expect(audit.map((entry) => [entry.action, entry.actorId, entry.targetType, entry.articleId, entry.before, entry.after])).toEqual([
      ['ARTICLE_CLOSED', moderator.id, 'article', article.id, { closed: false, preModeration: null }, { closed: true, preModeration: null }],
      ['ARTICLE_REOPENED', moderator.id, 'article', article.id, { closed: true, preModeration: null }, { closed: false, preModeration: null }],
    ]);
  });

  test('closing twice keeps the first closing time', async () => {
    const article = await createTestArticle();
    const moderator = await createModerator();
    await moderateArticleAs(moderator, article.id, { kind: 'close' });
    const first = (await db.article.findUniqueOrThrow({ where: { id: article.id } })).commentsClosedAt;
    await moderateArticleAs(moderator, article.id, { kind: 'close' });
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).commentsClosedAt).toEqual(first);
  });

  test('an article’s pre-moderation is set and cleared, audited', async () => {
    const article = await createTestArticle();
    const moderator = await createModerator();
    await moderateArticleAs(moderator, article.id, { kind: 'pre-moderation', mode: 'ALL' });
    expect((await post(await createActor(), article.id)).status).toBe('PENDING');
    await moderateArticleAs(moderator, article.id, { kind: 'pre-moderation', mode: null });
    expect((await post(await createActor(), article.id)).status).toBe('PUBLISHED');
    expect((await auditOf(article.id)).map((entry) => [entry.action, entry.before, entry.after])).toEqual([
      ['ARTICLE_PREMODERATION_SET', { closed: false, preModeration: null }, { closed: false, preModeration: 'ALL' }],
      ['ARTICLE_PREMODERATION_SET', { closed: false, preModeration: 'ALL' }, { closed: false, preModeration: null }],
    ]);
  });

  test('an unknown article is NOT_FOUND', async () => {
    await refusal(moderateArticleAs(await createModerator(), '00000000-0000-4000-8000-000000000003', { kind: 'close' }), 'NOT_FOUND');
  });
});

describe('policy changes', () => {
  test('updating the policy changes what posting does and is audited with before and after', async () => {
    const admin = await createAdmin();
    const input = { preModeration: 'LINKS' as const, firstCommentsThreshold: 3, bannedWords: ['nasty'], suspectWords: ['crypto'], autoCloseDays: 90 };
    await updatePolicyAs(admin, input);
    expect(await getModerationPolicy()).toMatchObject(input);

    const [entry, ...rest] = await db.auditLog.findMany({ where: { action: 'POLICY_UPDATED', actorId: admin.id } });
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      targetType: 'policy',
      targetId: '1',
      before: { preModeration: 'NONE', firstCommentsThreshold: 1, bannedWords: [], suspectWords: [], autoCloseDays: null },
      after: input,
    });
    expect(entry?.createdAt).toBeInstanceOf(Date);

    const article = await createTestArticle();
    await refusal(post(await createActor(), article.id, { body: 'How nasty' }), 'INVALID_INPUT');
    expect((await post(await createActor(), article.id, { body: 'see www.example.com' })).status).toBe('PENDING');
  });
});

describe('role changes', () => {
  test('applyRoleChange records who changed the role, from what to what; no change records nothing', async () => {
    const admin = await createAdmin();
    const reader = await createActor();
    expect(await applyRoleChange({ userId: reader.id, role: 'MODERATOR', actorId: admin.id, ip: null })).toEqual({ changed: true, from: 'READER', to: 'MODERATOR' });
    expect(await applyRoleChange({ userId: reader.id, role: 'MODERATOR', actorId: admin.id, ip: null })).toMatchObject({ changed: false });
    await applyRoleChange({ userId: reader.id, role: 'READER', actorId: null, ip: null });
    expect((await auditOf(reader.id)).map((entry) => [entry.action, entry.actorId, entry.targetType, entry.before, entry.after])).toEqual([
      ['ROLE_CHANGED', admin.id, 'user', { role: 'READER' }, { role: 'MODERATOR' }],
      ['ROLE_CHANGED', null, 'user', { role: 'MODERATOR' }, { role: 'READER' }],
    ]);
  });
});

describe('the log is append-only', () => {
  async function someEntry() {
    const article = await createTestArticle();
    await moderateArticleAs(await createModerator(), article.id, { kind: 'close' });
    const [entry] = await auditOf(article.id);
    if (!entry) throw new Error('no audit entry');
    return entry;
  }

  test('the client cannot update or delete an entry', async () => {
    const entry = await someEntry();
    await expect(db.auditLog.update({ where: { id: entry.id }, data: { reason: 'tampered' } })).rejects.toThrow(/append-only/);
    await expect(db.auditLog.updateMany({ where: { id: entry.id }, data: { actorId: null } })).rejects.toThrow(/append-only/);
    await expect(db.auditLog.delete({ where: { id: entry.id } })).rejects.toThrow(/append-only/);
    await expect(db.auditLog.deleteMany({ where: { id: entry.id } })).rejects.toThrow(/append-only/);
    expect(await db.auditLog.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry);
  });

  test('raw UPDATE, DELETE and TRUNCATE fail too', async () => {
    const entry = await someEntry();
    const total = await db.auditLog.count();
    await expect(db.$executeRaw`UPDATE "AuditLog" SET "reason" = 'tampered' WHERE "id" = ${entry.id}`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM "AuditLog" WHERE "id" = ${entry.id}`).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe('TRUNCATE "AuditLog"')).rejects.toThrow(/append-only/);
    expect(await db.auditLog.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry);
    expect(await db.auditLog.count()).toBe(total);
  });
});

describe('reading the log', () => {
  test('newest first, filtered by action, actor email and target, with actor names; keyset pages', async () => {
    const moderator = await createModerator();
    const article = await createTestArticle();
    await moderateArticleAs(moderator, article.id, { kind: 'close' });
    await moderateArticleAs(moderator, article.id, { kind: 'reopen' });

    const byTarget = await listAuditLogAs(moderator, { target: article.id });
    expect(byTarget.entries.map((entry) => [entry.action, entry.actorName])).toEqual([
      ['ARTICLE_REOPENED', 'Test Moderator'],
      ['ARTICLE_CLOSED', 'Test Moderator'],
    ]);
    expect((await listAuditLogAs(moderator, { target: article.id, action: 'ARTICLE_CLOSED' })).entries).toHaveLength(1);
    const byActor = await listAuditLogAs(moderator, { actor: moderator.email.toUpperCase() });
    expect(byActor.entries.map((entry) => entry.targetId)).toEqual([article.id, article.id]);
    expect((await listAuditLogAs(moderator, { actor: 'nobody@example.test' })).entries).toEqual([]);

    // 60 entries by one moderator walk in two pages, each once.
    const busy = await createModerator();
    for (let i = 0; i < 30; i++) {
      const a = await createTestArticle();
      await moderateArticleAs(busy, a.id, { kind: 'close' });
      await moderateArticleAs(busy, a.id, { kind: 'reopen' });
    }
    const first = await listAuditLogAs(busy, { actor: busy.email });
    expect(first.entries).toHaveLength(50);
    expect(first.nextBefore).toBeDefined();
    const second = await listAuditLogAs(busy, { actor: busy.email, before: first.nextBefore });
    expect(second.entries).toHaveLength(10);
    expect(second.nextBefore).toBeUndefined();
    const ids = [...first.entries, ...second.entries].map((entry) => BigInt(entry.id));
    expect(new Set(ids).size).toBe(60);
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : 1)));
  });

  // ?before= comes from the URL; a bigint column refuses a number past 2^63 - 1 (that was a 500).
  test.each(['99999999999999999999999', '9223372036854775808', '1e5', '-1', '1.5', ''])('?before=%s means the first page', async (before) => {
    const moderator = await createModerator();
    const article = await createTestArticle();
    await moderateArticleAs(moderator, article.id, { kind: 'close' });
    const first = await listAuditLogAs(moderator, auditQuerySchema.parse({ actor: moderator.email }));
    expect(first.entries).toHaveLength(1);
    expect(await listAuditLogAs(moderator, auditQuerySchema.parse({ actor: moderator.email, before }))).toEqual(first);
  });

  test('?before= at the largest id PostgreSQL stores still pages', async () => {
    const moderator = await createModerator();
    const article = await createTestArticle();
    await moderateArticleAs(moderator, article.id, { kind: 'close' });
    const page = await listAuditLogAs(moderator, auditQuerySchema.parse({ actor: moderator.email, before: '9223372036854775807' }));
    expect(page.entries.map((entry) => entry.targetId)).toEqual([article.id]);
  });
});
