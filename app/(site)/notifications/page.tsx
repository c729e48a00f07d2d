import Link from 'next/link';
import { guardPage } from '@/lib/auth/page-guards';
import { formatUtc } from '@/lib/format-utc';
import { listNotificationsAs } from '@/lib/notifications/list-notifications';
import { markAllNotificationsReadAction, markNotificationReadAction } from './actions';

export const metadata = { title: 'Notifications', robots: { index: false } };

type NotificationsPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function NotificationsPage({ searchParams }: NotificationsPageProps) {
  const user = await guardPage('read-own-account', '/notifications');
  const { cursor } = await searchParams;
  const { entries, nextCursor } = await listNotificationsAs(user, typeof cursor === 'string' ? cursor : undefined);
  const anyUnread = entries.some((entry) => !entry.read);

  return (
    <div className="notifications-page">
      <h1>Notifications</h1>
      <p>
        Choose what you are told, and how, on <Link href="/account#notifications-heading">your account page</Link>.
      </p>
      {(anyUnread || cursor) && (
        <form action={markAllNotificationsReadAction}>
          <button type="submit" className="button button--small">
            Mark all read
          </button>
        </form>
      )}
      {entries.length === 0 ? (
        <p>{cursor ? 'No older notifications.' : 'Nothing yet. Replies to your comments, mentions of you and moderation decisions will appear here.'}</p>
      ) : (
        <ol className="notification-list" aria-label="Notifications, newest first">
          {entries.map((entry) => (
            <li key={entry.id} className={entry.read ? 'notification' : 'notification notification--unread'}>
              <p>
                {!entry.read && <strong>New: </strong>}
                <Link href={entry.href}>{entry.text}</Link>
              </p>
              {entry.excerpt && <p className="notification__excerpt">“{entry.excerpt}”</p>}
              <div className="notification__meta">
                <time dateTime={entry.createdAt.toISOString()}>{formatUtc(entry.createdAt)}</time>
                {!entry.read && (
                  <form action={markNotificationReadAction} className="inline-form">
                    <input type="hidden" name="notificationId" value={entry.id} />
                    <button type="submit" className="link-button">
                      Mark read<span className="visually-hidden"> “{entry.text}”</span>
                    </button>
                  </form>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
      {(nextCursor || cursor) && (
        <nav aria-label="Pages of notifications" className="notification__meta">
          {cursor && <Link href="/notifications">Newest</Link>}
          {nextCursor && <Link href={`/notifications?cursor=${encodeURIComponent(nextCursor)}`}>Older notifications</Link>}
        </nav>
      )}
    </div>
  );
}
