import 'server-only';
import { onServerShutdown } from '@/lib/shutdown-hooks';

const HEARTBEAT_MS = 25_000;
/** The usual reconnection delay a stream asks browsers for (after a dropped connection). */
const RETRY_MS = 3000;
/** On shutdown, browsers come back after a delay between these (spread, so that an instance's readers do not all land on the others at once). */
const SHUTDOWN_RETRY_MIN_MS = 250;
const SHUTDOWN_RETRY_SPREAD_MS = 1000;

export const eventStreamKinds = ['comments', 'moderation', 'notifications'] as const;
export type EventStreamKind = (typeof eventStreamKinds)[number];

export type EventChannel = {
  send(event: string, data: unknown): void;
  /**
   * Runs `task` after every task queued before it (nothing once the stream has
   * ended), so events that wait for a check still go out in order.
   */
  inOrder(task: () => Promise<void>): void;
  /** Ends the stream from the server's side (the browser's EventSource then reconnects). */
  end(): void;
};

/** An open stream, as the process's list of them knows it. */
type OpenStream = { kind: EventStreamKind; reconnectElsewhere(): void };

type StreamRegistry = { open: Set<OpenStream>; draining: boolean; hooked: boolean };
const key = Symbol.for('parley.eventStreams');
const shared = globalThis as unknown as { [key]?: StreamRegistry };
// On globalThis: a development reload re-evaluates this module, and the streams opened before it still need ending.
const streams = (shared[key] ??= { open: new Set(), draining: false, hooked: false });

/** How many streams of each kind are open in this process (GET /api/metrics). */
export function openEventStreamCounts(): Record<EventStreamKind, number> {
  const counts = Object.fromEntries(eventStreamKinds.map((kind) => [kind, 0])) as Record<EventStreamKind, number>;
  for (const stream of streams.open) counts[stream.kind]++;
  return counts;
}

/**
 * On SIGTERM (server/main.ts runs the shutdown hooks) every open stream tells
 * its browser to reconnect, after a short random delay, and ends; the
 * instance has stopped listening by then, so the browser reaches another one.
 * A stream opened while the server drains (on a connection it kept) is told
 * the same at once.
 */
function endStreamsOnShutdown() {
  if (streams.hooked) return;
  streams.hooked = true;
  onServerShutdown(() => {
    streams.draining = true;
    for (const stream of [...streams.open]) stream.reconnectElsewhere();
    return Promise.resolve();
  });
}

/** The last words of a stream whose server is going away: `event: reconnect`, handled by components/use-event-stream.ts. */
export function reconnectMessage(delayMs: number): string {
  return `retry: ${delayMs}\nevent: reconnect\ndata: ${JSON.stringify({ afterMs: delayMs })}\n\n`;
}

/**
 * A Server-Sent Events body. `open` starts the feed and returns what stops it;
 * it runs once the stream exists, and whatever it returns runs when the reader
 * leaves or the feed ends itself. Heartbeats keep proxies from closing an
 * idle connection.
 */
export function serverSentEvents(
  kind: EventStreamKind,
  signal: AbortSignal,
  open: (channel: EventChannel) => (() => void) | Promise<() => void>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let closed = false;
  let stop = () => {};
  let cleanup = () => {};
  endStreamsOnShutdown();
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS);
      const listed: OpenStream = {
        kind,
        reconnectElsewhere: () => {
          write(reconnectMessage(SHUTDOWN_RETRY_MIN_MS + Math.floor(Math.random() * SHUTDOWN_RETRY_SPREAD_MS)));
          cleanup();
        },
      };
      cleanup = () => {
        if (closed) return;
        closed = true;
        streams.open.delete(listed);
        clearInterval(heartbeat);
        stop();
        signal.removeEventListener('abort', cleanup);
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      signal.addEventListener('abort', cleanup);
      if (streams.draining) return listed.reconnectElsewhere();
      streams.open.add(listed);
      write(`retry: ${RETRY_MS}\n\n`);
      let queue = Promise.resolve();
      const channel: EventChannel = {
        send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
        inOrder: (task) => {
          queue = queue.then(() => (closed ? undefined : task())).catch(() => cleanup());
        },
        end: () => cleanup(),
      };
      const stopFeed = await open(channel);
      if (closed) stopFeed();
      else stop = stopFeed;
    },
    cancel() {
      cleanup();
    },
  });
}
