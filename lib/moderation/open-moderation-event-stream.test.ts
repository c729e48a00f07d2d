// The moderation console's live stream, read as a browser reads it: staff
// only, and only what the console uses.
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import type { CurrentUser } from '@/lib/auth/current-user';
import { commentStreamHub } from '@/lib/comments/comment-stream';
import { createActor, createTestArticle, post, refusal } from '@/lib/comments/test-fixtures';
import { readEventStream, settle, waitFor, type EventStreamReader } from '@/lib/comments/test-event-stream';
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
});
