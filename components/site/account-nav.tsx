import Link from 'next/link';
import { signOutAction } from '@/app/(site)/account/actions';
import { isAdmin, isModerator } from '@/lib/auth/authorization';
import { getCurrentUser } from '@/lib/auth/current-user';
import { countUnreadNotifications, UNREAD_SHOWN_MAX } from '@/lib/notifications/count-unread';
import { NotificationBell } from '@/components/notifications/notification-bell';

/** The signed-in reader's links (and their staff pages), or "Sign in". */
export async function AccountNav() {
  const user = await getCurrentUser();
  if (!user) return <Link href="/signin">Sign in</Link>;
  // Rendered for this reader only: the header is the viewer's part of every page, never a cached one.
  const unread = await countUnreadNotifications(user.id);
  return (
    <>
      <NotificationBell initialUnread={unread} shownMax={UNREAD_SHOWN_MAX} />
      {isModerator(user) && <Link href="/moderation">Moderation</Link>}
      {isAdmin(user) && <Link href="/admin">Admin</Link>}
      {/* Named by what it shows first (WCAG 2.5.3, label in name): speech
          users say the name they see; the rest is for screen readers. */}
      <Link href="/account">
        {user.name}
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
