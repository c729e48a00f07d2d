import Link from 'next/link';
import { signOutAction } from '@/app/(site)/account/actions';
import { isAdmin, isModerator } from '@/lib/auth/authorization';
import { getCurrentUser } from '@/lib/auth/current-user';

/** The signed-in reader's links (and their staff pages), or "Sign in". */
export async function AccountNav() {
  const user = await getCurrentUser();
  if (!user) return <Link href="/signin">Sign in</Link>;
  return (
    <>
      {isModerator(user) && <Link href="/moderation">Moderation</Link>}
      {isAdmin(user) && <Link href="/admin">Admin</Link>}
      {/* The accessible name starts with the visible text (WCAG 2.5.3, axe label-content-name-mismatch). */}
      <Link href="/account" aria-label={`${user.name}: your account`}>
        {user.name}
      </Link>
      <form action={signOutAction} className="inline-form">
        <button type="submit" className="link-button">
          Sign out
        </button>
      </form>
    </>
  );
}
