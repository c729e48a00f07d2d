import Link from 'next/link';
import { siteName } from '@/lib/site';

export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link className="site-title" href="/">
          {siteName}
        </Link>
        <nav className="site-nav" aria-label="Site">
          <Link href="/">Articles</Link>
          <a href="/feed.xml">RSS</a>
        </nav>
      </div>
    </header>
  );
}
