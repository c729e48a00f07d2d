import 'server-only';
import { ListenHub } from '@/lib/listen-hub';
import { NOTIFICATION_CHANNEL } from './notification-events';

// One hub per process, also across hot reloads in development.
const globalForHub = globalThis as unknown as { parleyNotificationHub?: ListenHub<string> };
/** "This user's unread count changed", by user id, from every app instance. */
export const notificationHub = (globalForHub.parleyNotificationHub ??= new ListenHub(
  NOTIFICATION_CHANNEL,
  (userId) => ({ event: userId, keys: [userId] }),
  'notifications.stream.lost',
));
