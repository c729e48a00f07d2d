// The audit log: article actions, policy changes and role changes are each
// recorded once with before and after; the log can be read and filtered by
// moderators, and never changed (a database trigger refuses it).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';
import type { CurrentUser } from '@/lib/auth/current-user';
import { deleteAccountOf } from '@/lib/auth/delete-account';
import { applyRoleChange } from '@/lib/auth/set-user-role';
import { createActor, createTestArticle, post, refusal } from '@/lib/comments/test-fixtures';
import { db } from '@/lib/db';
import { formatUtc } from '@/lib/format-utc';
import { appealRemovalAs, resolveAppealAs } from './appeals';
import { auditChangeText } from './describe-audit-change';
import { auditQuerySchema, listAuditLogAs, type AuditLogRow } from './list-audit-log';
import { moderateArticleAs } from './moderate-article';
import { moderateCommentAs } from './moderate-comment';
import { moderateUserAs } from './moderate-user';
import { getModerationPolicy } from './policy';
import { auditOf, createAdmin, createModerator, DAY_MS, resetPolicy } from './test-fixtures';
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
    const input = {
      preModeration: 'LINKS' as const,
      firstCommentsThreshold: 3,
      bannedWords: ['nasty'],
      suspectWords: ['crypto'],
      autoCloseDays: 90,
      requireVerifiedEmail: false,
    };
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
    expect(byTarget.entries.map((entry) => [entry.action, entry.actor?.name])).toEqual([
      ['ARTICLE_REOPENED', 'Test Moderator'],
      ['ARTICLE_CLOSED', 'Test Moderator'],
    ]);
    expect((await listAuditLogAs(moderator, { target: article.id, action: 'ARTICLE_CLOSED' })).entries).toHaveLength(1);
    const byActor = await listAuditLogAs(moderator, { actor: moderator.email.toUpperCase() });
    expect(byActor.entries.map((entry) => entry.target)).toEqual([
      { kind: 'article', id: article.id, article: { id: article.id, title: article.title, slug: article.slug } },
      { kind: 'article', id: article.id, article: { id: article.id, title: article.title, slug: article.slug } },
    ]);
    // By id too: the names in the log link to the actor's entries that way.
    expect((await listAuditLogAs(moderator, { actor: moderator.id })).entries).toHaveLength(2);
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
    expect(page.entries.map((entry) => (entry.target.kind === 'article' ? entry.target.id : null))).toEqual([article.id]);
  });
});

describe('reading the log in words', () => {
  /** A row as the page shows it, minus the time: who, what, to what, what changed, why. */
  const summary = (row: AuditLogRow) => ({
    action: row.actionLabel,
    who: row.actor?.name ?? 'Command line',
    changes: row.changes.map(auditChangeText),
    reason: row.reason,
  });

  test('people by name, the comment by an excerpt in its article, the change in words; deleted accounts read "Deleted user"', async () => {
    const article = await createTestArticle({ title: `Audit words ${randomUUID()}` });
    const moderator = await createActor({ role: 'MODERATOR', name: 'Morgan Moderator' });
    const author = await createActor({ name: 'Ada Author' });
    const body = `**Loud** claim with [a link](https://example.com/x) and <b>tags</b> ${'word '.repeat(40)}`;
    const commentId = (await post(author, article.id, { body })).id;

    await moderateCommentAs(moderator, commentId, { kind: 'reject', reason: 'HARASSMENT', note: 'Personal attack' });
    await appealRemovalAs(author, { commentId, message: 'It was a quote.' });
    const appeal = await db.appeal.findUniqueOrThrow({ where: { commentId } });
    await resolveAppealAs(moderator, { appealId: appeal.id, outcome: 'UPHELD' });
    const until = new Date(Date.now() + 7 * DAY_MS);
    await moderateUserAs(moderator, author.id, { kind: 'suspend', until, reason: 'Cool off' });
    await moderateArticleAs(moderator, article.id, { kind: 'close' });

    const { entries } = await listAuditLogAs(moderator, { actor: moderator.id });
    expect(entries.map(summary)).toEqual([
      { action: 'article closed', who: 'Morgan Moderator', changes: ['Comments: open → closed'], reason: null },
      { action: 'user suspended', who: 'Morgan Moderator', changes: [`Active → Suspended until ${formatUtc(until)}`], reason: 'Cool off' },
      { action: 'appeal resolved', who: 'Morgan Moderator', changes: ['Appeal: Open → Upheld (the removal stands)'], reason: null },
      { action: 'comment rejected', who: 'Morgan Moderator', changes: ['Published → Rejected (harassment)'], reason: 'Harassment (Personal attack)' },
    ]);
    const articleRef = { id: article.id, title: article.title, slug: article.slug };
    const commentRef = {
      id: commentId,
      excerpt: expect.stringMatching(/^Loud claim with a link and <b>tags<\/b> word word .*word…$/),
      deleted: false,
      author: { id: author.id, name: 'Ada Author', deleted: false },
      article: articleRef,
    };
    expect(entries.map((row) => row.target)).toEqual([
      { kind: 'article', id: article.id, article: articleRef },
      { kind: 'user', id: author.id, person: { id: author.id, name: 'Ada Author', deleted: false } },
      { kind: 'appeal', id: appeal.id, comment: commentRef },
      { kind: 'comment', id: commentId, comment: commentRef },
    ]);
    expect(Array.from(entries[3]?.target.kind === 'comment' ? (entries[3].target.comment?.excerpt ?? '') : '').length).toBeLessThanOrEqual(101);

    // Both accounts deleted: the entries stay, the names go.
    await deleteAccountOf(author.id, '127.0.0.1');
    await deleteAccountOf(moderator.id, '127.0.0.1');
    const after = (await listAuditLogAs(await createModerator(), { actor: moderator.id })).entries;
    expect(after.map((row) => row.actor)).toEqual(Array(4).fill({ id: moderator.id, name: 'Deleted user', deleted: true }));
    expect(after[1]?.target).toEqual({ kind: 'user', id: author.id, person: { id: author.id, name: 'Deleted user', deleted: true } });
    expect(after[3]?.target).toEqual({
      kind: 'comment',
      id: commentId,
      comment: { ...commentRef, excerpt: '', deleted: true, author: { id: author.id, name: 'Deleted user', deleted: true } },
    });
  });

  test('the command line, role changes and the site policy', async () => {
    const admin = await createAdmin();
    const reader = await createActor({ name: 'Rosa Reader' });
    await applyRoleChange({ userId: reader.id, role: 'MODERATOR', actorId: null, ip: null });
    const [roleRow] = (await listAuditLogAs(admin, { target: reader.id })).entries;
    expect(roleRow && summary(roleRow)).toEqual({ action: 'role changed', who: 'Command line', changes: ['Role: Reader → Moderator'], reason: null });
    expect(roleRow?.actor).toBeNull();

    await updatePolicyAs(admin, {
      preModeration: 'FIRST_COMMENTS',
      firstCommentsThreshold: 3,
      bannedWords: ['scam'],
      suspectWords: [],
      autoCloseDays: null,
      requireVerifiedEmail: false,
    });
    const [policyRow] = (await listAuditLogAs(admin, { actor: admin.id, action: 'POLICY_UPDATED' })).entries;
    expect(policyRow?.target).toEqual({ kind: 'policy' });
    expect(policyRow && summary(policyRow).changes).toEqual(['Pre-moderation: none → first comments (until 3 approved)', 'Banned words: added “scam”']);
  });

  test('entries no command writes (unknown target types, ids that are not uuids, rows that are gone, odd snapshots) still read', async () => {
    const moderator = await createModerator();
    const gone = randomUUID();
    const base = { action: 'COMMENT_APPROVED' as const, actorId: moderator.id };
    await db.auditLog.createMany({
      data: [
        { ...base, targetType: 'comment', targetId: 'not-a-uuid', before: 'PENDING', after: ['PUBLISHED'] },
        { ...base, targetType: 'comment', targetId: gone, before: { status: 'PENDING' }, after: { status: 'PUBLISHED', extra: { deep: true } } },
        { ...base, targetType: 'user', targetId: gone },
        { ...base, targetType: 'article', targetId: gone },
        { ...base, targetType: 'appeal', targetId: gone },
        { ...base, targetType: 'widget', targetId: '42' },
      ],
    });
    const { entries } = await listAuditLogAs(moderator, { actor: moderator.id });
    expect(entries.map((row) => [row.target, row.changes.map(auditChangeText)])).toEqual([
      [{ kind: 'other', type: 'widget', id: '42' }, ['No details recorded']],
      [{ kind: 'appeal', id: gone, comment: null }, ['No details recorded']],
      [{ kind: 'article', id: gone, article: null }, ['No details recorded']],
      [{ kind: 'user', id: gone, person: { id: gone, name: 'Deleted user', deleted: true } }, ['No details recorded']],
      [{ kind: 'comment', id: gone, comment: null }, ['Pending → Published', 'Extra: — → Deep: yes']],
      [{ kind: 'comment', id: 'not-a-uuid', comment: null }, ['PENDING → PUBLISHED']],
    ]);
  });

  test('names, excerpts and titles cost the same number of queries for 4 entries as for 32 (no N+1)', async () => {
    // Counts the SQL statements the real pg driver sends, as list-thread.test.ts does.
    async function countQueries(run: () => Promise<unknown>) {
      const spy = vi.spyOn(pg.Client.prototype, 'query');
      try {
        await run();
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    }
    /** One entry of every kind that names something, `times` over, each about different rows. */
    async function busyModerator(times: number): Promise<CurrentUser> {
      const moderator = await createModerator();
      for (let i = 0; i < times; i++) {
        const article = await createTestArticle();
        const author = await createActor();
        const commentId = (await post(author, article.id)).id;
        await moderateCommentAs(moderator, commentId, { kind: 'reject', reason: 'SPAM' });
        await appealRemovalAs(author, { commentId, message: 'Please' });
        const appeal = await db.appeal.findUniqueOrThrow({ where: { commentId } });
        await resolveAppealAs(moderator, { appealId: appeal.id, outcome: 'UPHELD' });
        await moderateUserAs(moderator, author.id, { kind: 'warn', message: 'Careful' });
        await moderateArticleAs(moderator, article.id, { kind: 'close' });
      }
      return moderator;
    }
    const few = await busyModerator(1);
    const many = await busyModerator(8);
    let rows = 0;
    const small = await countQueries(() => listAuditLogAs(few, { actor: few.id }));
    const large = await countQueries(async () => {
      rows = (await listAuditLogAs(many, { actor: many.id })).entries.length;
    });
    expect(rows).toBe(32);
    // The log, then appeals, comments, people and articles: one query each.
    expect(small).toBe(5);
    expect(large).toBe(small);
  });
});
