'use client';

import dynamic from 'next/dynamic';
import Link from 'next/link';
import { usePageViewer, usePageViewerLoader, useSessionHint } from '@/components/viewer/page-viewer-store';

// Only browsers with a session download the signed-in header.
const SignedInNav = dynamic(() => import('./signed-in-nav').then((module) => module.SignedInNav));

/**
 * The header's account part on a shared cached page: "Sign in" as the page
 * was cached, the reader's own links once /api/viewer has answered. While a
 * browser with a session waits for that answer it shows neither, rather than
 * a "Sign in" that would flash away.
 */
export function SharedPageAccount() {
  usePageViewerLoader();
  const viewer = usePageViewer();
  const mayBeSignedIn = useSessionHint();
  if (viewer?.signedIn) {
    const { name, isModerator, isAdmin, unread, unreadShownMax } = viewer;
    return <SignedInNav name={name} isModerator={isModerator} isAdmin={isAdmin} unread={unread} unreadShownMax={unreadShownMax} />;
  }
  if (mayBeSignedIn && !viewer) return <span className="site-nav__pending" aria-hidden="true" />;
  return <Link href="/signin">Sign in</Link>;
}
