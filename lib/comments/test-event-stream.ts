// Reads a Server-Sent Events body the way a browser's EventSource would, for
// the integration tests of the live streams: real streams, real events.

export type ReceivedEvent = { event: string; data: unknown };

export type EventStreamReader = {
  /** Every event with data, in order (comments and heartbeats are left out). */
  readonly events: ReceivedEvent[];
  /** Everything the stream sent, as text. */
  readonly text: string;
  /** Whether the server ended the stream. */
  readonly ended: boolean;
  /** Leaves, as a browser closing the tab would. */
  close(): Promise<void>;
};

export function readEventStream(stream: ReadableStream<Uint8Array>): EventStreamReader {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const events: ReceivedEvent[] = [];
  let text = '';
  let pending = '';
  let ended = false;
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) break;
      const chunk = decoder.decode(value, { stream: true });
      text += chunk;
      pending += chunk;
      for (let end = pending.indexOf('\n\n'); end >= 0; end = pending.indexOf('\n\n')) {
        const frame = pending.slice(0, end).split('\n');
        pending = pending.slice(end + 2);
        const event = frame.find((line) => line.startsWith('event: '))?.slice('event: '.length) ?? 'message';
        const data = frame.find((line) => line.startsWith('data: '))?.slice('data: '.length);
        if (data !== undefined) events.push({ event, data: JSON.parse(data) as unknown });
      }
    }
    ended = true;
  })();
  return {
    events,
    get text() {
      return text;
    },
    get ended() {
      return ended;
    },
    close: () => reader.cancel(),
  };
}

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Long enough for an event that was going to arrive to have arrived. */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));
