// Kept free of imports: the browser uses it too (components/comments/comment-actions-comment.ts
// fills in a shared cached page's buttons for its reader), and must not download the rest of lib/.

export type CommentPermissionFacts = {
  signedIn: boolean;
  isOwn: boolean;
  /** The comment was deleted (its placeholder stays for its replies). */
  deleted: boolean;
  published: boolean;
  /** The author's edit window is still open. */
  editable: boolean;
};

/**
 * Which of a comment's buttons its reader gets. Only what is shown: every
 * command decides again in lib/ (edit-comment, delete-comment, toggle-insightful).
 */
export function commentPermissions({ signedIn, isOwn, deleted, published, editable }: CommentPermissionFacts) {
  return {
    canEdit: isOwn && !deleted && editable,
    canDelete: isOwn && !deleted,
    canReact: signedIn && !isOwn && !deleted && published,
  };
}
