import 'server-only';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { moderationCommentEvent } from '@/lib/comments/comment-events';
import { ALL_ARTICLES, commentStreamHub } from '@/lib/comments/comment-stream';
import { serverSentEvents } from '@/lib/server-sent-events';

/** The moderation console's live stream: comment activity on every article, held comments included. Moderators only. */
export async function openModerationEventStreamAs(actor: CurrentUser | null, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  authorize(actor, 'moderate');
  return serverSentEvents(signal, (channel) =>
    commentStreamHub.subscribe(ALL_ARTICLES, (event) => channel.send('comment', moderationCommentEvent(event))),
  );
}

export const openModerationEventStream = withCurrentUser(openModerationEventStreamAs);
