// Not in comment-actions.tsx: that is a client module, and CommentItem picks these fields on the server too.
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
