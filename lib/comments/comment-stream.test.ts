import pg from 'pg';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { COMMENT_CHANNEL, type CommentEvent } from './comment-events';
import { commentStreamHub } from './comment-stream';
import { deleteCommentAs } from './delete-comment';
import { editCommentAs } from './edit-comment';
import { postCommentAs } from './post-comment';
import { commentInput, createActor, createTestArticle, post, refusal } from './test-fixtures';

const listeners: pg.Client[] = [];
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((client) => client.end()));
});
afterAll(() => db.$disconnect());

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A separate PostgreSQL session LISTENing on the channel, collecting every event. */
async function listen() {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  listeners.push(client);
  const events: CommentEvent[] = [];
  client.on('notification', (message) => {
    if (message.channel === COMMENT_CHANNEL && message.payload) events.push(JSON.parse(message.payload) as CommentEvent);
  });
  await client.query(`LISTEN ${COMMENT_CHANNEL}`);
  return events;
}

/** Backends of this database LISTENing on the comment channel, i.e. the hub's connection. */
async function hubConnections(): Promise<number> {
  const rows = await db.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid() AND query = ${`LISTEN ${COMMENT_CHANNEL}`}`;
  return rows[0]?.count ?? 0;
}

describe('comment events over NOTIFY', () => {
  test(`posting a comment sends a NOTIFY on '${COMMENT_CHANNEL}' with the article, comment and kind 'created'`, async () => {
    const events = await listen();
    const article = await createTestArticle();
    const author = await createActor();
    const posted = await post(author, article.id);
    await waitFor(() => events.some((event) => event.commentId === posted.id), 'the created event');
    expect(events.filter((event) => event.articleId === article.id)).toEqual([
      { articleId: article.id, commentId: posted.id, kind: 'created', authorId: author.id, wasPublic: false, isPublic: true, commentCount: 1 },
    ]);
  });

  test("editing sends 'updated' and deleting sends 'removed' with the new count", async () => {
    const events = await listen();
    const article = await createTestArticle();
    const author = await createActor();
    const posted = await post(author, article.id);
    await editCommentAs(author, { commentId: posted.id, body: 'Edited text' });
    await deleteCommentAs(author, posted.id);
    await deleteCommentAs(author, posted.id);
    await waitFor(() => events.filter((event) => event.articleId === article.id).length >= 3, 'three events');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events.filter((event) => event.articleId === article.id).map((event) => [event.kind, event.commentCount])).toEqual([
      ['created', 1],
      ['updated', 1],
      ['removed', 0],
    ]);
  });

  test('a refused or replayed post sends nothing (NOTIFY is part of the transaction)', async () => {
    const events = await listen();
    const article = await createTestArticle();
    const author = await createActor();
    const input = commentInput(article.id);
    await post(author, article.id, { body: input.body, idempotencyKey: input.idempotencyKey });
    await postCommentAs(author, input); // replay
    await refusal(postCommentAs(author, commentInput(article.id)), 'RATE_LIMITED');
    await waitFor(() => events.some((event) => event.articleId === article.id), 'the first event');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(events.filter((event) => event.articleId === article.id)).toHaveLength(1);
  });
});

describe('the shared stream hub', () => {
  test('a subscriber receives its article’s events only, and the last unsubscribe closes the connection', async () => {
    const article = await createTestArticle();
    const elsewhere = await createTestArticle();
    const author = await createActor();
    const received: CommentEvent[] = [];
    const alsoReceived: CommentEvent[] = [];
    const unsubscribe = commentStreamHub.subscribe(article.id, (event) => received.push(event));
    const unsubscribeSecond = commentStreamHub.subscribe(article.id, (event) => alsoReceived.push(event));
    await waitFor(() => commentStreamHub.connected, 'the hub to connect');
    expect(commentStreamHub.subscriberCount).toBe(2);
    await waitFor(async () => (await hubConnections()) === 1, 'exactly one LISTEN connection for both subscribers');

    const posted = await post(author, article.id);
    await post(author, elsewhere.id);
    await waitFor(() => received.length > 0 && alsoReceived.length > 0, 'the event to reach both subscribers');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toEqual([
      { articleId: article.id, commentId: posted.id, kind: 'created', authorId: author.id, wasPublic: false, isPublic: true, commentCount: 1 },
    ]);
    expect(alsoReceived).toEqual(received);

    unsubscribe();
    expect(commentStreamHub.connected).toBe(true);
    unsubscribeSecond();
    expect(commentStreamHub.subscriberCount).toBe(0);
    expect(commentStreamHub.connected).toBe(false);
    await waitFor(async () => (await hubConnections()) === 0, 'the LISTEN connection to close');

    // Unsubscribed listeners hear nothing more.
    await post(author, article.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toHaveLength(1);
  });

  test('subscribing and leaving before the connection opens leaves no connection behind', async () => {
    const article = await createTestArticle();
    const unsubscribe = commentStreamHub.subscribe(article.id, () => undefined);
    unsubscribe();
    // The connection attempt already under way must close itself once it finds nobody watching.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await waitFor(async () => !commentStreamHub.connected && (await hubConnections()) === 0, 'no hub connection');
  });

  test('a new subscriber after the hub closed reconnects and receives events again', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const received: CommentEvent[] = [];
    const unsubscribe = commentStreamHub.subscribe(article.id, (event) => received.push(event));
    try {
      await waitFor(() => commentStreamHub.connected, 'the hub to connect');
      const posted = await post(author, article.id);
      await waitFor(() => received.some((event) => event.commentId === posted.id), 'the event');
    } finally {
      unsubscribe();
    }
    expect(commentStreamHub.connected).toBe(false);
  });

  test('when the database drops the hub’s connection, the hub reconnects and events flow again', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const received: CommentEvent[] = [];
    const unsubscribe = commentStreamHub.subscribe(article.id, (event) => received.push(event));
    try {
      await waitFor(async () => commentStreamHub.connected && (await hubConnections()) === 1, 'the hub to connect');
      // As if the database restarted or a proxy cut the connection.
      await db.$executeRaw`
        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND query = ${`LISTEN ${COMMENT_CHANNEL}`}`;
      await waitFor(() => !commentStreamHub.connected, 'the hub to notice the lost connection');
      await waitFor(async () => commentStreamHub.connected && (await hubConnections()) === 1, 'the hub to reconnect', 10_000);
      const posted = await post(author, article.id);
      await waitFor(() => received.some((event) => event.commentId === posted.id), 'an event after the reconnect');
    } finally {
      unsubscribe();
    }
  });
});
