import Link from 'next/link';
import type { ReactNode } from 'react';
import { siteName } from '@/lib/site';

export type SiteHeaderProps = {
  /** The reader's part of the navigation: their account, or a way to sign in. */
  account: ReactNode;
};

export function SiteHeader({ account }: SiteHeaderProps) {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link className="site-title" href="/">
          {siteName}
        </Link>
        <nav className="site-nav" aria-label="Site">
          <Link href="/">Articles</Link>
          {account}
        </nav>
      </div>
    </header>
  );
}
