import { errorResponse } from '@/lib/errors';
import { openNotificationEventStream } from '@/lib/notifications/open-notification-event-stream';

/** Server-Sent Events for the bell: the signed-in reader's unread count, live. 401 for anyone else. */
export async function GET(request: Request) {
  let stream: ReadableStream<Uint8Array>;
  try {
    stream = await openNotificationEventStream(request.signal);
  } catch (error) {
    return errorResponse(error);
  }
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' },
  });
}
