import Link from 'next/link';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/site/site-header';

// Pages as anonymous readers see them: the same for everyone, so Next.js
// renders each once and caches it (ISR) with Cache-Control for shared caches.
// next.config.js rewrites cookie-less requests for the front page and articles here.
// The pages below read their route parameters before rendering anything: the
// first request for a URL waits for the whole page, which is then kept.
export const instant = false;

export default function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SiteHeader account={<Link href="/signin">Sign in</Link>} />
      <main id="main" className="page" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
