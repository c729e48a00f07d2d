'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useEventStream } from '@/components/ui/use-event-stream';

export type NotificationBellProps = {
  /** The unread count when the page was rendered; the stream keeps it current. */
  initialUnread: number;
  /** Counts above this show as "99+". */
  shownMax: number;
};

/**
 * The header's link to /notifications with the unread count. Without
 * JavaScript it is a plain link with the count of the page's render; with it,
 * the count follows /api/notifications/events (any tab, any app instance).
 */
export function NotificationBell({ initialUnread, shownMax }: NotificationBellProps) {
  const [unread, setUnread] = useState(initialUnread);
  useEventStream('/api/notifications/events', { count: (data) => setUnread((JSON.parse(data) as { unread: number }).unread) });
  const shown = unread > shownMax ? `${shownMax}+` : String(unread);
  return (
    <Link href="/notifications" className="notification-bell" data-unread={unread}>
      <svg aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 24 24" className="notification-bell__icon">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      Notifications
      {unread > 0 && (
        <span className="notification-bell__count">
          {' '}
          {shown}
          <span className="visually-hidden"> unread</span>
        </span>
      )}
    </Link>
  );
}
