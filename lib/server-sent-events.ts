import 'server-only';

const HEARTBEAT_MS = 25_000;

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

/**
 * A Server-Sent Events body. `open` starts the feed and returns what stops it;
 * it runs once the stream exists, and whatever it returns runs when the reader
 * leaves or the feed ends itself. Heartbeats keep proxies from closing an
 * idle connection.
 */
export function serverSentEvents(signal: AbortSignal, open: (channel: EventChannel) => (() => void) | Promise<() => void>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let closed = false;
  let stop = () => {};
  let cleanup = () => {};
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
      cleanup = () => {
        if (closed) return;
        closed = true;
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
      write('retry: 3000\n\n');
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
