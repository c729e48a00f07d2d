// Not in comment-actions.tsx: that is a client module, and CommentItem picks these fields on the server too.
import type { ThreadOverlay } from '@/components/viewer/page-viewer-store';
import type { CommentView } from '@/lib/comments/comment-view';

/**
 * What the actions need of a comment. Only this crosses to the browser with
 * each comment: the whole view would repeat the comment's text in the page
 * (issue 6 measured 380 kB of HTML for a busy thread's first page).
 */
export type CommentActionsComment = Pick<
  CommentView,
  'id' | 'authorName' | 'status' | 'deleted' | 'isOwn' | 'insightfulCount' | 'viewerFoundInsightful' | 'canReact' | 'canEdit' | 'editableBody' | 'canDelete'
>;

export const commentActionsFields = ({
  id,
  authorName,
  status,
  deleted,
  isOwn,
  insightfulCount,
  viewerFoundInsightful,
  canReact,
  canEdit,
  editableBody,
  canDelete,
}: CommentView): CommentActionsComment => ({
  id,
  authorName,
  status,
  deleted,
  isOwn,
  insightfulCount,
  viewerFoundInsightful,
  canReact,
  canEdit,
  editableBody,
  canDelete,
});

/**
 * A comment of a shared cached page (rendered for no one) as its signed-in
 * reader may act on it, from /api/viewer's answer: the same rules as
 * toCommentView in lib/comments/comment-view.ts, which decided what the
 * overlay lists.
 */
export function withThreadOverlay(comment: CommentActionsComment, overlay: ThreadOverlay): CommentActionsComment {
  const isOwn = comment.isOwn || overlay.ownById.has(comment.id);
  const editableBody = comment.editableBody ?? (comment.deleted ? null : (overlay.ownById.get(comment.id) ?? null));
  return {
    ...comment,
    isOwn,
    editableBody,
    canEdit: comment.canEdit || editableBody !== null,
    canDelete: comment.canDelete || (isOwn && !comment.deleted),
    canReact: comment.canReact || (!isOwn && !comment.deleted && comment.status === 'PUBLISHED'),
    viewerFoundInsightful: comment.viewerFoundInsightful || overlay.reactedIds.has(comment.id),
  };
}
