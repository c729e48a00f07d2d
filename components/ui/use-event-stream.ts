'use client';

import { useEffect, useRef } from 'react';

/** Handlers by event name, each given the event's data (JSON text). */
export type EventStreamHandlers = Record<string, (data: string) => void>;

/** How long to wait before opening the stream again when the server names no delay. */
const DEFAULT_RECONNECT_MS = 1000;
/** The longest wait between tries after the server refused the stream (a 503 while the database is away). */
const MAX_RETRY_MS = 30_000;

/**
 * Follows a Server-Sent Events stream while the component is mounted.
 * EventSource reconnects by itself after a dropped connection. When the
 * server sends `reconnect` (its instance is shutting down, see
 * lib/server-sent-events.ts), the stream is closed at once and opened again
 * after the delay the event names: the instance no longer takes connections,
 * so the new stream reaches another one, whatever a proxy in between does
 * with the old connection. EventSource gives up for good when a (re)connect
 * is answered with anything but an event stream (a 503 with Retry-After while
 * the database restarts, a proxy's error page): then it is opened again here,
 * after a wait that doubles with each refusal (with jitter, so a crowd of
 * readers does not return at once), reset once a stream opens.
 */
export function useEventStream(url: string, handlers: EventStreamHandlers): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let refusals = 0;
    const open = () => {
      const current = new EventSource(url);
      source = current;
      current.addEventListener('open', () => (refusals = 0));
      current.addEventListener('error', () => {
        if (current.readyState !== EventSource.CLOSED) return; // the browser retries by itself
        refusals++;
        const waitMs = Math.min(MAX_RETRY_MS, DEFAULT_RECONNECT_MS * 2 ** (refusals - 1)) * (0.5 + Math.random() / 2);
        timer = setTimeout(open, waitMs);
      });
      for (const name of Object.keys(latest.current)) {
        current.addEventListener(name, (event) => latest.current[name]?.((event as MessageEvent<string>).data));
      }
      current.addEventListener('reconnect', (event) => {
        current.close();
        let afterMs = DEFAULT_RECONNECT_MS;
        try {
          const data = JSON.parse((event as MessageEvent<string>).data) as { afterMs?: unknown };
          if (typeof data.afterMs === 'number' && data.afterMs >= 0 && data.afterMs < 60_000) afterMs = data.afterMs;
        } catch {
          // the default delay
        }
        timer = setTimeout(open, afterMs);
      });
    };
    open();
    return () => {
      clearTimeout(timer);
      source?.close();
    };
  }, [url]);
}
