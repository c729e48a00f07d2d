import Link from 'next/link';
import { signOutAction } from '@/app/(site)/account/actions';
import { NotificationBell } from '@/components/notifications/notification-bell';

export type SignedInNavProps = {
  name: string;
  isModerator: boolean;
  isAdmin: boolean;
  unread: number;
  unreadShownMax: number;
};

/** A signed-in reader's header links: rendered on the server for their own pages, in the browser on shared cached ones. */
export function SignedInNav({ name, isModerator, isAdmin, unread, unreadShownMax }: SignedInNavProps) {
  return (
    <>
      <NotificationBell initialUnread={unread} shownMax={unreadShownMax} />
      {isModerator && <Link href="/moderation">Moderation</Link>}
      {isAdmin && <Link href="/admin">Admin</Link>}
      {/* Named by what it shows first (WCAG 2.5.3, label in name): speech
          users say the name they see; the rest is for screen readers. */}
      <Link href="/account">
        {name}
        <span className="visually-hidden"> (your account)</span>
      </Link>
      <form action={signOutAction} className="inline-form">
        <button type="submit" className="link-button">
          Sign out
        </button>
      </form>
    </>
  );
}
