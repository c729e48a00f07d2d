'use client';

import { expiredSessionHint } from '@/lib/auth/session-hint-cookie';
import type { PageViewer } from '@/lib/viewer/load-page-viewer';
import type { ThreadOverlay } from './page-viewer-store';

const articleSlugOf = (path: string) => /^\/articles\/([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(path)?.[1];

function overlayOf(viewer: PageViewer): ThreadOverlay | null {
  if (!viewer.signedIn || !viewer.thread) return null;
  return {
    ...viewer.thread,
    ownById: new Map(viewer.thread.own.map((comment) => [comment.id, comment.editableBody])),
    reactedIds: new Set(viewer.thread.reacted),
  };
}

/** GET /api/viewer for the shared page at `path`: loaded only by browsers with a session hint (with components/site/viewer-account.tsx). */
export async function fetchPageViewer(path: string): Promise<{ viewer: PageViewer; thread: ThreadOverlay | null }> {
  const slug = articleSlugOf(path);
  const response = await fetch(`/api/viewer${slug ? `?article=${slug}` : ''}`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`GET /api/viewer: ${response.status}`);
  const viewer = (await response.json()) as PageViewer;
  // The session behind the hint ended (signed out elsewhere, expired, banned).
  if (!viewer.signedIn) document.cookie = expiredSessionHint;
  return { viewer, thread: overlayOf(viewer) };
}
