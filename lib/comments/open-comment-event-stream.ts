import 'server-only';
import type { CurrentUser } from '@/lib/auth/current-user';
import { recheckSession } from '@/lib/auth/session-recheck';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { db } from '@/lib/db';
import { serverSentEvents } from '@/lib/server-sent-events';
import { publicCommentEvent } from './comment-events';
import { commentStreamHub } from './comment-stream';

/**
 * An article's public live stream: the current count first (so a reconnect
 * catches up), then what the public may see of each change (see
 * publicCommentEvent: published comments only, no author ids). The viewer,
 * if signed in, only decides which events are marked as their own; before
 * marking one, the stream makes sure their session still holds (a check at
 * most a few seconds old), and ends if it does not, so the browser
 * reconnects as whoever it now is.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- async so that a refusal is a rejected promise, not a throw
export async function openCommentEventStreamAs(viewer: CurrentUser | null, articleId: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const session = viewer ? recheckSession(viewer) : null;
  return serverSentEvents('comments', signal, async (channel) => {
    const unsubscribe = commentStreamHub.subscribe(articleId, (event) =>
      channel.inOrder(async () => {
        const visible = publicCommentEvent(event, viewer?.id ?? null);
        if (!visible) return;
        if (visible.mine && !(await session?.current())) return channel.end();
        channel.send('comment', visible);
      }),
    );
    const article = await db.article.findUnique({ where: { id: articleId }, select: { commentCount: true } }).catch(() => null);
    if (article) channel.send('count', { commentCount: article.commentCount });
    return unsubscribe;
  });
}

export const openCommentEventStream = withCurrentUser(openCommentEventStreamAs);
