'use client';

import Link from 'next/link';
import { createPortal } from 'react-dom';
import { fetchPageViewer } from '@/components/viewer/fetch-page-viewer';
import { usePageViewer, usePageViewerLoader } from '@/components/viewer/page-viewer-store';
import { SignedInNav } from './signed-in-nav';
import { WarningMessage } from './warning-message';

/** Where a shared page shows a moderator's warning (app/(public)/layout.tsx). */
export const readerWarningSlotId = 'reader-warning';

/**
 * The signed-in reader's header links on a shared cached page, from
 * /api/viewer, and their moderator's warning in the page's slot for it.
 * Loaded by SharedPageAccount only in browsers with a session hint.
 */
export function ViewerAccount() {
  usePageViewerLoader(fetchPageViewer);
  const viewer = usePageViewer();
  if (!viewer) return <span className="site-nav__pending" aria-hidden="true" />;
  if (!viewer.signedIn) return <Link href="/signin">Sign in</Link>;
  const { name, isModerator, isAdmin, unread, unreadShownMax, warning } = viewer;
  const slot = warning ? document.getElementById(readerWarningSlotId) : null;
  return (
    <>
      <SignedInNav name={name} isModerator={isModerator} isAdmin={isAdmin} unread={unread} unreadShownMax={unreadShownMax} />
      {warning && slot && createPortal(<WarningMessage warning={warning} />, slot)}
    </>
  );
}
