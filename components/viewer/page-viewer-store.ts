'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useSyncExternalStore } from 'react';
import { hasSessionHint } from '@/lib/auth/session-hint-cookie';
import type { PageViewer, SignedInPageViewer } from '@/lib/viewer/load-page-viewer';
import type { fetchPageViewer } from './fetch-page-viewer';

/**
 * The signed-in reader's part of a shared cached page, asked for once per
 * page view from /api/viewer (lib/viewer/load-page-viewer.ts) and read by the
 * header and every comment's actions. Outside React state: the header that
 * asks and the comments that read it are separate trees of the same page.
 */
export type ThreadOverlay = NonNullable<SignedInPageViewer['thread']> & {
  /** The reader's own comments here: the Markdown source while editable, else null. */
  ownById: ReadonlyMap<string, string | null>;
  reactedIds: ReadonlySet<string>;
};

type Loaded = { path: string; viewer: PageViewer; thread: ThreadOverlay | null };

let loaded: Loaded | null = null;
let loadingPath: string | null = null;
const listeners = new Set<() => void>();

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};

/** Asks for the reader of the page at `path` (every time a shared page is shown: who reads may have changed). */
function load(path: string, fetchViewer: typeof fetchPageViewer) {
  if (loadingPath === path) return;
  // The many anonymous readers have no session, and no reason for a second request.
  if (!hasSessionHint(document.cookie)) {
    loaded = null;
    return;
  }
  loadingPath = path;
  fetchViewer(path)
    .then((answer) => {
      loaded = { path, ...answer };
      for (const listener of listeners) listener();
    })
    // The page stays as every reader sees it; the next page view asks again.
    .catch((error: unknown) => console.error(error))
    .finally(() => {
      if (loadingPath === path) loadingPath = null;
    });
}

/**
 * Mounted once per shared page (its header's signed-in part): asks for this
 * page's reader. The code that asks comes with that part (components/site/viewer-account.tsx),
 * which only browsers with a session hint load.
 */
export function usePageViewerLoader(fetchViewer: typeof fetchPageViewer): void {
  const path = usePathname();
  useEffect(() => load(path, fetchViewer), [path, fetchViewer]);
}

/** The reader of this shared page: null while unknown (and always on the server and for anonymous readers). */
export function usePageViewer(): PageViewer | null {
  return useSyncExternalStore(
    subscribe,
    () => (signedOutSince(loaded) ? null : (loaded?.viewer ?? null)),
    () => null,
  );
}

/**
 * The hint went (signing out renders the next page in the same response): a
 * signed-in answer is no one's now. A signed-out answer stays: it is what
 * cleared the hint (a revoked or expired session).
 */
const signedOutSince = (answer: Loaded | null) => answer !== null && answer.viewer.signedIn && !hasSessionHint(document.cookie);

/** The signed-in reader's part of this article's shared thread, or null (anonymous, not loaded yet, another page). */
export function useThreadOverlay(articleSlug: string): ThreadOverlay | null {
  return useSyncExternalStore(
    subscribe,
    () => (loaded?.thread?.slug === articleSlug && !signedOutSince(loaded) ? loaded.thread : null),
    () => null,
  );
}
