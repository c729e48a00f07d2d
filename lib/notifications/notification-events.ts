/**
 * The PostgreSQL channel of the bells: each NOTIFY's payload is the id of a
 * user whose unread count changed (a notification arrived, or they read some),
 * sent inside the writing transaction so it goes out only on commit, to every
 * app instance (lib/notifications/notification-stream.ts).
 */
export const NOTIFICATION_CHANNEL = 'parley_notifications';
