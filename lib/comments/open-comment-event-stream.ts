import 'server-only';
import { db } from '@/lib/db';
import { ALL_ARTICLES, commentStreamHub } from './comment-stream';

const HEARTBEAT_MS = 25_000;

/**
 * An SSE body for one reader: the current count first (so a reconnect catches
 * up), then every comment event of the article, with heartbeats so proxies
 * keep the connection open. Ends, and unsubscribes, when the reader leaves.
 */
export function openCommentEventStream(articleId: string, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = commentStreamHub.subscribe(articleId, (event) => send(`event: comment\ndata: ${JSON.stringify(event)}\n\n`));
      const heartbeat = setInterval(() => send(': heartbeat\n\n'), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
        signal.removeEventListener('abort', cleanup);
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      signal.addEventListener('abort', cleanup);
      send('retry: 3000\n\n');
      if (articleId === ALL_ARTICLES) return;
      const article = await db.article.findUnique({ where: { id: articleId }, select: { commentCount: true } }).catch(() => null);
      if (article) send(`event: count\ndata: ${JSON.stringify({ commentCount: article.commentCount })}\n\n`);
    },
    cancel() {
      cleanup();
    },
  });
}
