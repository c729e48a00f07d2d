import { errorResponse } from '@/lib/errors';
import { openModerationEventStream } from '@/lib/moderation/open-moderation-event-stream';

/** Server-Sent Events for the moderation console: comment activity on every article. Moderators only. */
export async function GET(request: Request) {
  let stream: ReadableStream<Uint8Array>;
  try {
    stream = await openModerationEventStream(request.signal);
  } catch (error) {
    return errorResponse(error);
  }
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' },
  });
}
