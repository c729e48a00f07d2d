import Link from 'next/link';
import { isAdmin, isModerator } from '@/lib/auth/authorization';
import { getCurrentUser } from '@/lib/auth/current-user';
import { countUnreadNotifications, UNREAD_SHOWN_MAX } from '@/lib/notifications/count-unread';
import { SignedInNav } from './signed-in-nav';

/** The signed-in reader's links (and their staff pages), or "Sign in". */
export async function AccountNav() {
  const user = await getCurrentUser();
  if (!user) return <Link href="/signin">Sign in</Link>;
  // Rendered for this reader only: the header is the viewer's part of every page, never a cached one.
  const unread = await countUnreadNotifications(user.id);
  return <SignedInNav name={user.name} isModerator={isModerator(user)} isAdmin={isAdmin(user)} unread={unread} unreadShownMax={UNREAD_SHOWN_MAX} />;
}
