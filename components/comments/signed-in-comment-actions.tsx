import { Suspense, useState } from 'react';
import { lazyNamed } from '@/components/ui/lazy-named';
import type { ThreadOverlay } from '@/components/viewer/page-viewer-store';
import { type CommentActionsProps, InsightfulCount, ShareButton } from './comment-actions';
import { withThreadOverlay } from './comment-actions-comment';

// Each panel's form comes when the panel is first rendered (see Deferred);
// the Insightful button in one file with these actions (it shows at once).
const CommentComposer = lazyNamed(() => import('./comment-composer').then((module) => module.CommentComposer));
const EditForm = lazyNamed(() => import('./comment-action-forms').then((module) => module.EditForm));
const DeleteForm = lazyNamed(() => import('./comment-action-forms').then((module) => module.DeleteForm));
const ReportForm = lazyNamed(() => import('./comment-action-forms').then((module) => module.ReportForm));
const InsightfulButton = lazyNamed(() => import(/* webpackChunkName: "signed-in-thread" */ './insightful-button').then((module) => module.InsightfulButton));

export type SignedInCommentActionsProps = CommentActionsProps & {
  /** The shared page's signed-in reader (from /api/viewer); null on a page rendered for its reader. */
  overlay: ThreadOverlay | null;
};

/**
 * Where forms loaded on demand appear. A page rendered for its signed-in
 * reader has them in its HTML, for browsers without JavaScript: no boundary,
 * so the server's render waits for them (as next/dynamic did). On a shared
 * page they are rendered in the browser only, each when it is needed.
 */
function Deferred({ inBrowser, fallback = null, children }: { inBrowser: boolean; fallback?: React.ReactNode; children: React.ReactNode }) {
  return inBrowser ? <Suspense fallback={fallback}>{children}</Suspense> : children;
}

/**
 * A signed-in reader's actions on a comment. Reply, Edit, Delete and Report
 * open in place (<details>, so they work before JavaScript loads); Insightful
 * and Share act at once.
 */
export function SignedInCommentActions({
  comment: rendered,
  articleId,
  articleSlug,
  signedIn: renderedSignedIn,
  canPost: renderedCanPost,
  replyKey,
  overlay,
}: SignedInCommentActionsProps) {
  const [openPanel, setOpenPanel] = useState<string | null>(null);
  const comment = overlay ? withThreadOverlay(rendered, overlay) : rendered;
  const canPost = renderedCanPost || (overlay?.canPost ?? false);
  const panel = (name: string, summary: string, content: React.ReactNode) => (
    <details
      className="comment__panel"
      open={openPanel === name}
      onToggle={(event) => {
        const open = event.currentTarget.open;
        setOpenPanel((current) => (open ? name : current === name ? null : current));
      }}
    >
      <summary className="chip">
        {summary}
        <span className="visually-hidden"> ({comment.authorName}’s comment)</span>
      </summary>
      <div className="comment__panel-body">{(renderedSignedIn || openPanel === name) && <Deferred inBrowser={!renderedSignedIn}>{content}</Deferred>}</div>
    </details>
  );

  if (comment.deleted || comment.status !== 'PUBLISHED') {
    return comment.canDelete && !comment.deleted ? <div className="comment__actions">{panel('delete', 'Delete', <DeleteForm comment={comment} />)}</div> : null;
  }

  return (
    <div className="comment__actions">
      {comment.canReact ? (
        <Deferred inBrowser={!renderedSignedIn} fallback={<InsightfulCount count={comment.insightfulCount} always />}>
          <InsightfulButton comment={comment} />
        </Deferred>
      ) : (
        <InsightfulCount count={comment.insightfulCount} />
      )}
      {canPost &&
        panel(
          'reply',
          'Reply',
          <CommentComposer articleId={articleId} articleSlug={articleSlug} initialKey={replyKey} signedIn replyToId={comment.id} replyToName={comment.authorName} />,
        )}
      <ShareButton comment={comment} articleSlug={articleSlug} />
      {!comment.isOwn && panel('report', 'Report', <ReportForm comment={comment} />)}
      {comment.canEdit && panel('edit', 'Edit', <EditForm comment={comment} />)}
      {comment.canDelete && panel('delete', 'Delete', <DeleteForm comment={comment} />)}
    </div>
  );
}
