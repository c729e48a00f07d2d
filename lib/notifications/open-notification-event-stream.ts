import 'server-only';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { recheckSession, SESSION_RECHECK_MS } from '@/lib/auth/session-recheck';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { serverSentEvents } from '@/lib/server-sent-events';
import { countUnreadNotifications } from './count-unread';
import { notificationHub } from './notification-stream';

/**
 * The bell's live stream: `event: count` with `{ unread }` on connect and
 * whenever the signed-in reader's unread count changes, on any app instance
 * (a notification arrived, they read some in another tab). Signed-in readers
 * only, for as long as the stream lasts: the session is checked again before
 * each count goes out on an older check, and every few seconds while idle;
 * once it has ended the stream ends (the browser reconnects and gets a 401).
 */
// eslint-disable-next-line @typescript-eslint/require-await -- async so that a refusal is a rejected promise, not a throw
export async function openNotificationEventStreamAs(actor: CurrentUser | null, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const reader = authorize(actor, 'read-own-account');
  const session = recheckSession(reader);
  return serverSentEvents('notifications', signal, (channel) => {
    const stillSignedIn = async (check: Promise<CurrentUser | null>) => {
      if (await check) return true;
      channel.end();
      return false;
    };
    const sendCount = () =>
      channel.inOrder(async () => {
        if (await stillSignedIn(session.current())) channel.send('count', { unread: await countUnreadNotifications(reader.id) });
      });
    const unsubscribe = notificationHub.subscribe(reader.id, sendCount);
    sendCount();
    const timer = setInterval(() => channel.inOrder(async () => void (await stillSignedIn(session.refresh()))), SESSION_RECHECK_MS);
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  });
}

export const openNotificationEventStream = withCurrentUser(openNotificationEventStreamAs);
