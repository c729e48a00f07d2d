import { Suspense } from 'react';
import { FollowThreadForm } from '@/components/notifications/follow-thread-form';
import { lazyNamed } from '@/components/ui/lazy-named';
import type { ThreadOverlay } from '@/components/viewer/page-viewer-store';

// Most readers have no comment held back: the code that renders comments
// (CommentItem) loads only for those who do.
const HeldComments = lazyNamed(() => import('./held-comments').then((module) => module.HeldComments));

export type ThreadViewerPartsProps = { articleId: string; articleSlug: string; overlay: ThreadOverlay };

/** What a shared cached thread shows its signed-in reader only (see SharedThreadViewer). */
export function ThreadViewerParts({ articleId, articleSlug, overlay }: ThreadViewerPartsProps) {
  return (
    <>
      <FollowThreadForm articleId={articleId} following={overlay.following} />
      {overlay.held.length > 0 && (
        <Suspense fallback={null}>
          <HeldComments articleId={articleId} articleSlug={articleSlug} comments={overlay.held} canPost={overlay.canPost} />
        </Suspense>
      )}
    </>
  );
}
