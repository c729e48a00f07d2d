import 'server-only';
import { authorize, isModerator } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { recheckSession, SESSION_RECHECK_MS } from '@/lib/auth/session-recheck';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { moderationCommentEvent } from '@/lib/comments/comment-events';
import { ALL_ARTICLES, commentStreamHub } from '@/lib/comments/comment-stream';
import { serverSentEvents } from '@/lib/server-sent-events';

/**
 * The moderation console's live stream: comment activity on every article,
 * held comments included. Moderators only, for as long as the stream lasts:
 * the viewer's role and session are checked again every few seconds, before
 * any event goes out on an older check, and the stream ends once they are no
 * longer staff or no longer signed in.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- async so that a refusal is a rejected promise, not a throw
export async function openModerationEventStreamAs(actor: CurrentUser | null, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const moderator = authorize(actor, 'moderate');
  const viewer = recheckSession(moderator);
  return serverSentEvents('moderation', signal, (channel) => {
    const stillStaff = async (check: Promise<CurrentUser | null>) => {
      if (isModerator(await check)) return true;
      channel.end();
      return false;
    };
    const unsubscribe = commentStreamHub.subscribe(ALL_ARTICLES, (event) =>
      channel.inOrder(async () => {
        if (await stillStaff(viewer.current())) channel.send('comment', moderationCommentEvent(event));
      }),
    );
    // Also when nothing happens: a demoted moderator's idle console should not keep listening.
    const timer = setInterval(() => channel.inOrder(async () => void (await stillStaff(viewer.refresh()))), SESSION_RECHECK_MS);
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  });
}

export const openModerationEventStream = withCurrentUser(openModerationEventStreamAs);
