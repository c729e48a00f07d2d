// The stream body every live stream is made of: counted per kind while open,
// and, when the server shuts down, told to reconnect elsewhere and ended.
import { expect, test } from 'vitest';
import { readEventStream, waitFor } from '@/lib/comments/test-event-stream';
import { openEventStreamCounts, reconnectMessage, serverSentEvents } from '@/lib/server-sent-events';
import { runShutdownHooks } from '@/lib/shutdown-hooks';

function openStream(kind: Parameters<typeof serverSentEvents>[0]) {
  const abort = new AbortController();
  let stopped = false;
  const stream = serverSentEvents(kind, abort.signal, (channel) => {
    channel.send('count', { n: 1 });
    return () => {
      stopped = true;
    };
  });
  return { reader: readEventStream(stream), abort, stopped: () => stopped };
}

test('open streams are counted by kind until their reader leaves', async () => {
  const before = openEventStreamCounts();
  const article = openStream('comments');
  const bell = openStream('notifications');
  await waitFor(() => article.reader.events.length > 0 && bell.reader.events.length > 0, 'the first events');
  expect(openEventStreamCounts()).toEqual({ ...before, comments: before.comments + 1, notifications: before.notifications + 1 });
  article.abort.abort();
  await bell.reader.close();
  await waitFor(() => article.stopped() && bell.stopped(), 'both feeds to stop');
  expect(openEventStreamCounts()).toEqual(before);
});

test('the reconnect message sets the retry delay and carries it as the event, for EventSource and for components/ui/use-event-stream.ts', () => {
  expect(reconnectMessage(740)).toBe('retry: 740\nevent: reconnect\ndata: {"afterMs":740}\n\n');
});

// Last: the process does not come back from shutting down.
test('on shutdown every open stream is told to reconnect within about a second and ends, and so is one opened afterwards', async () => {
  const streams = [openStream('comments'), openStream('moderation')];
  await waitFor(() => streams.every((stream) => stream.reader.events.length > 0), 'the first events');

  await runShutdownHooks();

  for (const { reader, stopped } of streams) {
    await waitFor(() => reader.ended, 'the stream to end');
    expect(stopped()).toBe(true);
    const last = reader.events.at(-1);
    expect(last?.event).toBe('reconnect');
    const { afterMs } = last?.data as { afterMs: number };
    expect(afterMs).toBeGreaterThanOrEqual(250);
    expect(afterMs).toBeLessThan(1250);
    expect(reader.text).toContain(`retry: ${afterMs}\nevent: reconnect`);
  }
  expect(openEventStreamCounts()).toEqual({ comments: 0, moderation: 0, notifications: 0 });

  const late = openStream('notifications');
  await waitFor(() => late.reader.ended, 'the late stream to end');
  expect(late.reader.events.map((event) => event.event)).toEqual(['reconnect']);
  expect(late.stopped()).toBe(false);
});
