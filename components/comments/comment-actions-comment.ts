// Not in comment-actions.tsx: that is a client module, and CommentItem picks these fields on the server too.
import type { ThreadOverlay } from '@/components/viewer/page-viewer-store';
import { commentPermissions } from '@/lib/comments/comment-permissions';
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
 * reader may act on it: /api/viewer listed their own comments (with the
 * source while editable) and their reactions; the rules are toCommentView's.
 */
export function withThreadOverlay(comment: CommentActionsComment, overlay: ThreadOverlay): CommentActionsComment {
  const isOwn = comment.isOwn || overlay.ownById.has(comment.id);
  const source = comment.editableBody ?? overlay.ownById.get(comment.id) ?? null;
  const allowed = commentPermissions({ signedIn: true, isOwn, deleted: comment.deleted, published: comment.status === 'PUBLISHED', editable: source !== null });
  return {
    ...comment,
    isOwn,
    ...allowed,
    editableBody: allowed.canEdit ? source : null,
    viewerFoundInsightful: comment.viewerFoundInsightful || overlay.reactedIds.has(comment.id),
  };
}
