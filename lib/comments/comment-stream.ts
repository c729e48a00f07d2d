import 'server-only';
import { ListenHub } from '@/lib/listen-hub';
import { COMMENT_CHANNEL, type CommentEvent } from './comment-events';

/** Subscribe with this instead of an article id to hear every article (the moderation console). */
export const ALL_ARTICLES = '*';

const decodeCommentEvent = (payload: string) => {
  const event = JSON.parse(payload) as CommentEvent;
  return { event, keys: [event.articleId, ALL_ARTICLES] };
};

// One hub per process, also across hot reloads in development.
const globalForHub = globalThis as unknown as { parleyCommentHub?: ListenHub<CommentEvent> };
/** Comment activity, by article (or ALL_ARTICLES), from every app instance. */
export const commentStreamHub = (globalForHub.parleyCommentHub ??= new ListenHub(COMMENT_CHANNEL, decodeCommentEvent, 'comments.stream.lost'));
