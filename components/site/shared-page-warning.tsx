'use client';

import { usePageViewer } from '@/components/viewer/page-viewer-store';
import { WarningMessage } from './warning-message';

/** A moderator's warning on a shared cached page, once /api/viewer says the reader has one. */
export function SharedPageWarning() {
  const viewer = usePageViewer();
  return viewer?.signedIn && viewer.warning ? <WarningMessage warning={viewer.warning} /> : null;
}
