import { signOutAction } from '@/app/account/actions';
import { isAdmin, isModerator } from '@/lib/auth/authorization';
import { getCurrentUser } from '@/lib/auth/current-user';
import { siteName } from '@/lib/site';

// Plain links, not next/link: its client code would be the article page's only
// reason to load it (issue 6 budgets that page's JavaScript), and a full page
// load of an article comes from the page cache anyway.
export async function SiteHeader() {
  const user = await getCurrentUser();
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <a className="site-title" href="/">
          {siteName}
        </a>
        <nav className="site-nav" aria-label="Site">
          <a href="/">Articles</a>
          {isModerator(user) && <a href="/moderation">Moderation</a>}
          {isAdmin(user) && <a href="/admin">Admin</a>}
          {user ? (
            <>
              {/* Named by what it shows first (WCAG 2.5.3, label in name): speech
                  users say the name they see; the rest is for screen readers. */}
              <a href="/account">
                {user.name}
                <span className="visually-hidden"> (your account)</span>
              </a>
              <form action={signOutAction} className="inline-form">
                <button type="submit" className="link-button">
                  Sign out
                </button>
              </form>
            </>
          ) : (
            <a href="/signin">Sign in</a>
          )}
        </nav>
      </div>
    </header>
  );
}
