// The moderation console's live stream, read as a browser reads it: staff
// only, and only what the console uses.
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import type { CurrentUser } from '@/lib/auth/current-user';
import { commentStreamHub } from '@/lib/comments/comment-stream';
import { createActor, createTestArticle, post, refusal } from '@/lib/comments/test-fixtures';
import { readEventStream, settle, waitFor, type EventStreamReader } from '@/lib/comments/test-event-stream';
import { closeSession, endEverySession } from '@/lib/auth/session-records';
import { db } from '@/lib/db';
import { openModerationEventStreamAs } from './open-moderation-event-stream';
import { createModerator } from './test-fixtures';

const open: EventStreamReader[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((stream) => stream.close()));
});
afterAll(() => db.$disconnect());

async function listenAs(moderator: CurrentUser) {
  const stream = readEventStream(await openModerationEventStreamAs(moderator, new AbortController().signal));
  open.push(stream);
  await waitFor(() => commentStreamHub.connected, 'the stream to listen');
  return stream;
}

const commentEvents = (stream: EventStreamReader) => stream.events.filter((event) => event.event === 'comment').map((event) => event.data);

describe('the moderation event stream', () => {
  test('a moderator hears held comments too, with the article and comment but no author id', async () => {
    const article = await createTestArticle({ preModeration: 'ALL' });
    const [author, moderator] = await Promise.all([createActor(), createModerator()]);
    const stream = await listenAs(moderator);

    const held = await post(author, article.id);
    await waitFor(() => commentEvents(stream).length > 0, 'the event');
    await settle();
    expect(commentEvents(stream).filter((event) => (event as { articleId?: string }).articleId === article.id)).toEqual([
      { kind: 'created', articleId: article.id, commentId: held.id },
    ]);
    expect(stream.text).not.toContain(author.id);
  });

  test('a reader cannot open it', async () => {
    const reader = await createActor();
    await refusal(openModerationEventStreamAs(reader, new AbortController().signal), 'FORBIDDEN');
    await refusal(openModerationEventStreamAs(null, new AbortController().signal), 'UNAUTHENTICATED');
  });

  // The stream re-checks its viewer every few seconds (SESSION_RECHECK_MS); these wait for that.
  test('a moderator demoted while the stream is open is cut off within seconds, and hears nothing after', async () => {
    const article = await createTestArticle({ preModeration: 'ALL' });
    const [author, moderator] = await Promise.all([createActor(), createModerator()]);
    const stream = await listenAs(moderator);
    await db.user.update({ where: { id: moderator.id }, data: { role: 'READER' } });

    await waitFor(() => stream.ended, 'the stream to end', 10_000);
    const held = await post(author, article.id);
    await settle();
    expect(stream.text).not.toContain(held.id);
  });

  test('a moderator whose session ended (signed out elsewhere, or everywhere) loses the stream too', async () => {
    const [signedOut, signedOutEverywhere] = await Promise.all([createModerator(), createModerator()]);
    const streams = [await listenAs(signedOut), await listenAs(signedOutEverywhere)];
    await closeSession(signedOut.sessionId);
    await db.$transaction((tx) => endEverySession(tx, signedOutEverywhere.id));
    await waitFor(() => streams.every((stream) => stream.ended), 'both streams to end', 10_000);
  });

  test('a moderator who stays one keeps the stream past the re-check', async () => {
    const article = await createTestArticle({ preModeration: 'ALL' });
    const [author, moderator] = await Promise.all([createActor(), createModerator()]);
    const stream = await listenAs(moderator);
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const held = await post(author, article.id);
    await waitFor(() => stream.text.includes(held.id), 'the event');
    expect(stream.ended).toBe(false);
  });
});
