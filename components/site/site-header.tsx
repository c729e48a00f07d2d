import Link from 'next/link';
import { signOutAction } from '@/app/account/actions';
import { isAdmin, isModerator } from '@/lib/auth/authorization';
import { getCurrentUser } from '@/lib/auth/current-user';
import { siteName } from '@/lib/site';

export async function SiteHeader() {
  const user = await getCurrentUser();
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link className="site-title" href="/">
          {siteName}
        </Link>
        <nav className="site-nav" aria-label="Site">
          <Link href="/">Articles</Link>
          {isModerator(user) && <Link href="/moderation">Moderation</Link>}
          {isAdmin(user) && <Link href="/admin">Admin</Link>}
          {user ? (
            <>
              <Link href="/account" aria-label={`Your account (${user.name})`}>
                {user.name}
              </Link>
              <form action={signOutAction} className="inline-form">
                <button type="submit" className="link-button">
                  Sign out
                </button>
              </form>
            </>
          ) : (
            <Link href="/signin">Sign in</Link>
          )}
        </nav>
      </div>
    </header>
  );
}
