import { afterAll, describe, expect, test } from 'vitest';
import { db } from '@/lib/db';
import { commentViewSelect, toCommentView } from './comment-view';
import { editCommentAs } from './edit-comment';
import { editCommentSchema } from './schema';
import { createActor, createTestArticle, post, refusal, viewerOfActor } from './test-fixtures';

afterAll(() => db.$disconnect());

const edit = (actor: Parameters<typeof editCommentAs>[0], commentId: string, body: string) => editCommentAs(actor, editCommentSchema.parse({ commentId, body }));

describe('editing a comment', () => {
  test('the author may edit within 15 minutes: the old text becomes a revision, the HTML is re-rendered, editedAt is set', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const posted = await post(author, article.id, { body: 'First *draft* of my point' });

    const result = await edit(author, posted.id, 'Second **version** of my point');
    expect(result).toEqual({ id: posted.id, articleSlug: article.slug });

    const stored = await db.comment.findUniqueOrThrow({ where: { id: posted.id }, include: { revisions: true } });
    expect(stored.body).toBe('Second **version** of my point');
    expect(stored.bodyHtml).toBe('<p>Second <strong>version</strong> of my point</p>');
    expect(stored.editedAt).toBeInstanceOf(Date);
    expect(stored.revisions.map((revision) => revision.body)).toEqual(['First *draft* of my point']);

    await edit(author, posted.id, 'Third version');
    const revisions = await db.commentRevision.findMany({ where: { commentId: posted.id }, orderBy: { id: 'asc' } });
    expect(revisions.map((revision) => revision.body)).toEqual(['First *draft* of my point', 'Second **version** of my point']);
  });

  test('saving the same text changes nothing: no revision, no editedAt', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const posted = await post(author, article.id, { body: 'Unchanged words' });
    await edit(author, posted.id, '  Unchanged words  ');
    const stored = await db.comment.findUniqueOrThrow({ where: { id: posted.id }, include: { revisions: true } });
    expect(stored.editedAt).toBeNull();
    expect(stored.revisions).toEqual([]);
  });

  test('an edit is sanitized like a new comment', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const posted = await post(author, article.id);
    await edit(author, posted.id, '<img src=x onerror=alert(1)> [x](javascript:alert(1))');
    const { bodyHtml } = await db.comment.findUniqueOrThrow({ where: { id: posted.id } });
    expect(bodyHtml).not.toMatch(/<img|href="javascript/i);
  });

  test('after 15 minutes the author is refused and told they can still delete', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const posted = await post(author, article.id, { body: 'Old words' });
    await db.comment.update({ where: { id: posted.id }, data: { createdAt: new Date(Date.now() - 16 * 60_000) } });
    const error = await refusal(edit(author, posted.id, 'New words'), 'FORBIDDEN');
    expect(error.message).toMatch(/edited for 15 minutes.*You can delete it/);
    expect((await db.comment.findUniqueOrThrow({ where: { id: posted.id } })).body).toBe('Old words');

    // The view agrees: no edit box once the window has passed.
    const row = await db.comment.findUniqueOrThrow({ where: { id: posted.id }, select: commentViewSelect });
    const view = toCommentView(row, viewerOfActor(author), new Set());
    expect(view.canEdit).toBe(false);
    expect(view.editableBody).toBeNull();
  });

  test('just inside the window the author may still edit', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const posted = await post(author, article.id);
    await db.comment.update({ where: { id: posted.id }, data: { createdAt: new Date(Date.now() - 14 * 60_000) } });
    await edit(author, posted.id, 'Just in time');
    expect((await db.comment.findUniqueOrThrow({ where: { id: posted.id } })).body).toBe('Just in time');
  });

  test('another reader, and even a moderator, cannot edit someone else’s comment', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const posted = await post(author, article.id, { body: 'Mine' });
    for (const other of [await createActor(), await createActor({ role: 'MODERATOR' })]) {
      const error = await refusal(edit(other, posted.id, 'Not yours'), 'FORBIDDEN');
      expect(error.message).toBe('You can only edit your own comments.');
    }
    expect((await db.comment.findUniqueOrThrow({ where: { id: posted.id } })).body).toBe('Mine');
    expect(await db.commentRevision.count({ where: { commentId: posted.id } })).toBe(0);
  });

  test('signed out, suspended, or editing a deleted comment is refused', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const posted = await post(author, article.id);
    await refusal(edit(null, posted.id, 'x'), 'UNAUTHENTICATED');
    await db.user.update({ where: { id: author.id }, data: { suspendedUntil: new Date(Date.now() + 3_600_000) } });
    const suspended = { ...author, suspendedUntil: new Date(Date.now() + 3_600_000) };
    await refusal(edit(suspended, posted.id, 'x'), 'FORBIDDEN');
    await db.comment.update({ where: { id: posted.id }, data: { deletedAt: new Date() } });
    await refusal(edit(author, posted.id, 'x'), 'NOT_FOUND');
  });
});
