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
