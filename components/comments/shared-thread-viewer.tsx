'use client';

import { Suspense } from 'react';
import { lazyNamed } from '@/components/ui/lazy-named';
import { useThreadOverlay } from '@/components/viewer/page-viewer-store';

// Signed-in readers only: loaded once /api/viewer has answered.
// One file with the Insightful button (CommentActions): both come as soon as a signed-in reader is known.
const ThreadViewerParts = lazyNamed(() => import(/* webpackChunkName: "signed-in-thread" */ './thread-viewer-parts').then((module) => module.ThreadViewerParts));

export type SharedThreadViewerProps = { articleId: string; articleSlug: string };

/**
 * The signed-in reader's own part of a shared cached thread: "Follow this
 * thread" and their comments still held for moderation. Without JavaScript
 * nothing can fill it in, so the page links to their own uncached view.
 */
export function SharedThreadViewer({ articleId, articleSlug }: SharedThreadViewerProps) {
  const overlay = useThreadOverlay(articleSlug);
  return (
    <>
      <noscript>
        <p className="field__hint">
          Signed in? Without JavaScript, post, reply and edit on <a href="?personal=1#comments">your own view of this discussion</a>.
        </p>
      </noscript>
      {overlay && (
        <Suspense fallback={null}>
          <ThreadViewerParts articleId={articleId} articleSlug={articleSlug} overlay={overlay} />
        </Suspense>
      )}
    </>
  );
}
