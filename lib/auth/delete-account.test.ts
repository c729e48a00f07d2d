import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import { db } from '@/lib/db';
import { deleteAccountOf } from './delete-account';
import { exportDataOf } from './export-my-data';
import { createTestUser } from './test-users';

afterAll(() => db.$disconnect());

async function articleWithThread() {
  const article = await db.article.create({
    data: {
      slug: `deletion-${randomUUID()}`,
      title: 'Deletion test',
      summary: 'A thread for account deletion tests.',
      body: { intro: [], sections: [] },
      wordCount: 1,
      readingMinutes: 1,
      contentHash: randomUUID(),
      commentCount: 2,
    },
  });
  const leaving = await createTestUser({ password: 'a long enough passphrase' });
  const staying = await createTestUser();
  const base = { articleId: article.id, status: 'PUBLISHED' as const, depth: 1 };
  const top = await db.comment.create({
    data: { ...base, authorId: leaving.id, body: 'My private opinion', bodyHtml: '<p>My private opinion</p>', idempotencyKey: randomUUID(), replyCount: 1 },
  });
  const reply = await db.comment.create({
    data: {
      ...base,
      depth: 2,
      rootId: top.id,
      displayParentId: top.id,
      replyToId: top.id,
      authorId: staying.id,
      body: 'A reply',
      bodyHtml: '<p>A reply</p>',
      idempotencyKey: randomUUID(),
    },
  });
  await db.commentRevision.create({ data: { commentId: top.id, body: 'An earlier draft' } });
  await db.commentReaction.create({ data: { commentId: reply.id, userId: leaving.id } });
  await db.comment.update({ where: { id: reply.id }, data: { insightfulCount: 1 } });
  return { article, leaving, staying, top, reply };
}

describe('deleting an account', () => {
  test('the export holds the profile and every comment with its revisions, but no password hash', async () => {
    const { leaving, top } = await articleWithThread();
    const data = await exportDataOf({ id: leaving.id, hasPassword: true });
    expect(data.profile.email).toBe(leaving.email);
    expect(data.comments.map((c) => c.id)).toEqual([top.id]);
    expect(data.comments[0]?.revisions.map((r) => r.body)).toEqual(['An earlier draft']);
    expect(JSON.stringify(data)).not.toMatch(/argon2|passwordHash/);
  });

  test('the account becomes an anonymous tombstone and its comments keep their place without their text', async () => {
    const { article, leaving, top, reply } = await articleWithThread();
    await deleteAccountOf(leaving.id, 'test');
    const tombstone = await db.user.findUniqueOrThrow({ where: { id: leaving.id } });
    expect(tombstone).toMatchObject({ name: 'Deleted user', passwordHash: null, emailVerified: null });
    expect(tombstone.email).not.toBe(leaving.email);
    expect(tombstone.deletedAt).not.toBeNull();
    expect(tombstone.sessionVersion).toBe(leaving.sessionVersion + 1);

    const kept = await db.comment.findUniqueOrThrow({ where: { id: top.id } });
    expect(kept).toMatchObject({ body: '', bodyHtml: '' });
    expect(kept.deletedAt).not.toBeNull();
    expect(await db.commentRevision.count({ where: { commentId: top.id } })).toBe(0);
    // The other reader's reply is untouched, but the deleted reader's reaction is gone.
    expect(await db.comment.findUniqueOrThrow({ where: { id: reply.id } })).toMatchObject({ body: 'A reply', insightfulCount: 0 });
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).commentCount).toBe(1);
    expect(await db.authEvent.count({ where: { userId: leaving.id, type: 'ACCOUNT_DELETED' } })).toBe(1);
  });
});
