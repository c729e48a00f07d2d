import { requireModerator } from '@/lib/auth/authorization';
import { ALL_ARTICLES } from '@/lib/comments/comment-stream';
import { openCommentEventStream } from '@/lib/comments/open-comment-event-stream';
import { errorResponse } from '@/lib/errors';

/** Server-Sent Events for the moderation console: comment activity on every article. Moderators only. */
export async function GET(request: Request) {
  try {
    await requireModerator();
  } catch (error) {
    return errorResponse(error);
  }
  return new Response(openCommentEventStream(ALL_ARTICLES, request.signal), {
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' },
  });
}
