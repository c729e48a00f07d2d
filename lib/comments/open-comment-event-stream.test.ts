// The article's public live stream, read as a browser reads it: it carries
// what the public may see (published comments and the public count), never a
// held or rejected comment, and never an author's id.
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import type { CurrentUser } from '@/lib/auth/current-user';
import { closeSession } from '@/lib/auth/session-records';
import { db } from '@/lib/db';
import { moderateCommentAs } from '@/lib/moderation/moderate-comment';
import { moderateUserAs } from '@/lib/moderation/moderate-user';
import { createModerator } from '@/lib/moderation/test-fixtures';
import { commentStreamHub } from './comment-stream';
import { deleteCommentAs } from './delete-comment';
import { editCommentAs } from './edit-comment';
import { openCommentEventStreamAs } from './open-comment-event-stream';
import { createActor, createTestArticle, post } from './test-fixtures';
import { readEventStream, settle, waitFor, type EventStreamReader } from './test-event-stream';

const open: EventStreamReader[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((stream) => stream.close()));
});
afterAll(() => db.$disconnect());

/** A reader's stream (anonymous unless a viewer is given), once it is listening. */
async function listen(articleId: string, viewer: CurrentUser | null = null) {
  const stream = readEventStream(await openCommentEventStreamAs(viewer, articleId, new AbortController().signal));
  open.push(stream);
  await waitFor(() => stream.events.some((event) => event.event === 'count') && commentStreamHub.connected, 'the stream to listen');
  return stream;
}

const commentEvents = (stream: EventStreamReader) => stream.events.filter((event) => event.event === 'comment').map((event) => event.data);

describe('the public event stream of an article', () => {
  test('an anonymous reader hears nothing of a held comment, and no author id with anything it hears', async () => {
    const article = await createTestArticle({ preModeration: 'ALL' });
    const [author, moderator] = await Promise.all([createActor(), createModerator()]);
    const stream = await listen(article.id);

    // Held, edited while held, then approved: the public learns of it when it is published.
    const approved = await post(author, article.id);
    expect(approved.status).toBe('PENDING');
    await editCommentAs(author, { commentId: approved.id, body: 'Edited while it waited' });
    // Held and rejected, held and withdrawn by its author: the public never learns of them.
    const rejected = await post(author, article.id);
    await moderateCommentAs(moderator, rejected.id, { kind: 'reject', reason: 'SPAM' });
    const withdrawn = await post(author, article.id);
    await deleteCommentAs(author, withdrawn.id);

    await moderateCommentAs(moderator, approved.id, { kind: 'approve' });
    await deleteCommentAs(author, approved.id);
    await waitFor(() => commentEvents(stream).some((event) => (event as { kind?: string }).kind === 'removed'), 'the removal');
    await settle();

    expect(commentEvents(stream)).toEqual([
      { kind: 'created', commentId: approved.id, commentCount: 1, mine: false },
      { kind: 'removed', commentId: approved.id, commentCount: 0, mine: false },
    ]);
    expect(stream.text).not.toContain(author.id);
    expect(stream.text).not.toContain(rejected.id);
    expect(stream.text).not.toContain(withdrawn.id);
  });

  test("a signed-in reader's own comments are marked as theirs, and nobody else's are", async () => {
    const article = await createTestArticle();
    const [reader, other] = await Promise.all([createActor(), createActor()]);
    const readerStream = await listen(article.id, reader);
    const anonymousStream = await listen(article.id);

    const own = await post(reader, article.id);
    const theirs = await post(other, article.id);
    await waitFor(() => commentEvents(readerStream).length === 2 && commentEvents(anonymousStream).length === 2, 'both events on both streams');

    expect(commentEvents(readerStream)).toEqual([
      { kind: 'created', commentId: own.id, commentCount: 1, mine: true },
      { kind: 'created', commentId: theirs.id, commentCount: 2, mine: false },
    ]);
    expect(commentEvents(anonymousStream)).toEqual([
      { kind: 'created', commentId: own.id, commentCount: 1, mine: false },
      { kind: 'created', commentId: theirs.id, commentCount: 2, mine: false },
    ]);
    expect(readerStream.text + anonymousStream.text).not.toContain(reader.id);
    expect(readerStream.text + anonymousStream.text).not.toContain(other.id);
  });

  test('a ban that takes the author’s comments down tells the public the new count, and nothing of the held ones', async () => {
    const article = await createTestArticle();
    const [author, moderator] = await Promise.all([createActor(), createModerator()]);
    const published = await post(author, article.id);
    await db.article.update({ where: { id: article.id }, data: { preModeration: 'ALL' } });
    const held = await post(author, article.id);
    expect(held.status).toBe('PENDING');
    const stream = await listen(article.id);

    await moderateUserAs(moderator, author.id, { kind: 'ban', reason: 'Spam', rejectComments: true });
    await waitFor(() => commentEvents(stream).length > 0, 'the removal');
    await settle();

    expect(commentEvents(stream)).toEqual([{ kind: 'removed', commentId: published.id, commentCount: 0, mine: false }]);
    expect(stream.text).not.toContain(held.id);
  });

  test('a reader whose session ended is not told which comments are theirs any more: the stream ends, to reconnect as what they now are', async () => {
    const article = await createTestArticle();
    const reader = await createActor();
    const stream = await listen(article.id, reader);
    await closeSession(reader.sessionId);
    // Past the stream's re-check interval (SESSION_RECHECK_MS), as a copied cookie would be.
    await new Promise((resolve) => setTimeout(resolve, 5500));

    const posted = await post(reader, article.id);
    await waitFor(() => stream.ended, 'the stream to end');
    expect(stream.text).not.toContain(posted.id);
  });
});
