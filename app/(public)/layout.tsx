import type { ReactNode } from 'react';
import { SharedPageAccount } from '@/components/site/shared-page-account';
import { SiteHeader } from '@/components/site/site-header';

// Pages every reader gets the same, signed in or not: Next.js renders each
// once and caches it (ISR) with Cache-Control for shared caches.
// next.config.js rewrites document requests for the front page and articles
// here; the reader's own part (header, their comments' buttons) is filled in
// by the browser from /api/viewer (README "Caching").
// The pages below read their route parameters before rendering anything: the
// first request for a URL waits for the whole page, which is then kept.
export const instant = false;

export default function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SiteHeader account={<SharedPageAccount />} />
      {/* A signed-in reader's warning goes here (components/site/viewer-account.tsx). */}
      <div id="reader-warning" />
      <main id="main" className="page" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
