'use client';

import dynamic from 'next/dynamic';
import { usePageViewer } from '@/components/viewer/page-viewer-store';

// Only the rare warned reader downloads it.
const WarningMessage = dynamic(() => import('./warning-message').then((module) => module.WarningMessage));

/** A moderator's warning on a shared cached page, once /api/viewer says the reader has one. */
export function SharedPageWarning() {
  const viewer = usePageViewer();
  return viewer?.signedIn && viewer.warning ? <WarningMessage warning={viewer.warning} /> : null;
}
