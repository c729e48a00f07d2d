'use client';

import Link from 'next/link';
import { type ComponentType, useEffect, useState, useSyncExternalStore } from 'react';
import { hasSessionHint } from '@/lib/auth/session-hint-cookie';

const subscribeToNothing = () => () => {};

/**
 * The header's account part on a shared cached page: "Sign in" as the page
 * was cached. A browser with a session hint loads the signed-in part
 * (./viewer-account), which asks /api/viewer who reads; meanwhile it shows
 * neither, rather than a "Sign in" that would flash away. Anonymous readers
 * download none of that (issue 12 budgets the page's JavaScript).
 */
export function SharedPageAccount() {
  // Read on every render: signing in or out renders the next page in the same response.
  const mayBeSignedIn = useSyncExternalStore(
    subscribeToNothing,
    () => hasSessionHint(document.cookie),
    () => false,
  );
  const [ViewerAccount, setViewerAccount] = useState<ComponentType | null>(null);
  useEffect(() => {
    if (mayBeSignedIn && !ViewerAccount) void import('./viewer-account').then((module) => setViewerAccount(() => module.ViewerAccount));
  }, [mayBeSignedIn, ViewerAccount]);
  if (mayBeSignedIn && ViewerAccount) return <ViewerAccount />;
  if (mayBeSignedIn) return <span className="site-nav__pending" aria-hidden="true" />;
  return <Link href="/signin">Sign in</Link>;
}
