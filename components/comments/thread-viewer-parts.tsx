import { FollowThreadForm } from '@/components/notifications/follow-thread-form';
import type { ThreadOverlay } from '@/components/viewer/page-viewer-store';
import { CommentItem } from './comment-item';

export type ThreadViewerPartsProps = { articleId: string; articleSlug: string; overlay: ThreadOverlay };

/** What a shared cached thread shows its signed-in reader only (see SharedThreadViewer). */
export function ThreadViewerParts({ articleId, articleSlug, overlay }: ThreadViewerPartsProps) {
  return (
    <>
      <FollowThreadForm articleId={articleId} following={overlay.following} />
      {overlay.held.length > 0 && (
        <section className="linked-thread" aria-labelledby="held-comments-heading">
          <h3 id="held-comments-heading">Your comments not shown to others</h3>
          <ol className="comment-list">
            {overlay.held.map((comment) => (
              <CommentItem
                key={comment.id}
                comment={comment}
                articleId={articleId}
                articleSlug={articleSlug}
                viewer={{ signedIn: true, canPost: overlay.canPost }}
                replyKey=""
              />
            ))}
          </ol>
        </section>
      )}
    </>
  );
}
