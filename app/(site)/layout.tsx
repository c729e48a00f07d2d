import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { AccountNav } from '@/components/site/account-nav';
import { SiteHeader } from '@/components/site/site-header';
import { WarningBanner } from '@/components/site/warning-banner';

// Pages for whoever is reading, signed in or not: the header names the reader,
// so these render per request (from cached data). Anonymous readers of the
// front page and of articles get the (public) pages instead (next.config.js).
// Not streamed in Suspense holes: a hole's content is revealed by an inline
// script, and these pages must work without JavaScript; see README "Caching".
export const instant = false;

export default async function SiteLayout({ children }: { children: ReactNode }) {
  // Nothing here is prerendered: not at build time (no database then), and
  // not as a shell (see above).
  await connection();
  return (
    <>
      <SiteHeader account={<AccountNav />} />
      <WarningBanner />
      <main id="main" className="page" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
