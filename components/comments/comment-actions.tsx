'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';
import { useThreadOverlay } from '@/components/viewer/page-viewer-store';
import { type CommentActionsComment, withThreadOverlay } from './comment-actions-comment';

// Only signed-in readers get these forms: anonymous readers of an article do
// not download them (issue 6 budgets the article page's JavaScript).
const CommentComposer = dynamic(() => import('./comment-composer').then((module) => module.CommentComposer));
const EditForm = dynamic(() => import('./comment-action-forms').then((module) => module.EditForm));
const DeleteForm = dynamic(() => import('./comment-action-forms').then((module) => module.DeleteForm));
const ReportForm = dynamic(() => import('./comment-action-forms').then((module) => module.ReportForm));
const InsightfulButton = dynamic(() => import('./insightful-button').then((module) => module.InsightfulButton));

export type CommentActionsProps = {
  comment: CommentActionsComment;
  articleId: string;
  articleSlug: string;
  signedIn: boolean;
  canPost: boolean;
  replyKey: string;
};

function ShareButton({ comment, articleSlug }: { comment: CommentActionsComment; articleSlug: string }) {
  const [copied, setCopied] = useState(false);
  const href = `/articles/${articleSlug}#comment-${comment.id}`;
  async function copyLink(event: React.MouseEvent) {
    if (!navigator.clipboard) return;
    event.preventDefault();
    await navigator.clipboard.writeText(new URL(href, window.location.href).toString()).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 2500);
  }
  return (
    <a href={href} className="chip" onClick={(event) => void copyLink(event)}>
      {copied ? 'Link copied' : 'Share'}
      <span className="visually-hidden"> a link to this comment by {comment.authorName}</span>
    </a>
  );
}

/**
 * Reply, Edit, Delete and Report open in place (<details>, so they work before
 * JavaScript loads); Insightful and Share act at once.
 */
export function CommentActions({ comment: rendered, articleId, articleSlug, signedIn: renderedSignedIn, canPost: renderedCanPost, replyKey }: CommentActionsProps) {
  const [openPanel, setOpenPanel] = useState<string | null>(null);
  // On a shared cached page the reader's part arrives from /api/viewer after hydration.
  const overlay = useThreadOverlay(articleSlug);
  const comment = overlay ? withThreadOverlay(rendered, overlay) : rendered;
  const signedIn = renderedSignedIn || overlay !== null;
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
      <div className="comment__panel-body">{content}</div>
    </details>
  );

  if (comment.deleted || comment.status !== 'PUBLISHED') {
    return comment.canDelete && !comment.deleted ? <div className="comment__actions">{panel('delete', 'Delete', <DeleteForm comment={comment} />)}</div> : null;
  }

  return (
    <div className="comment__actions">
      {comment.canReact ? (
        <InsightfulButton comment={comment} />
      ) : (
        comment.insightfulCount > 0 && <span className="chip chip--static">Insightful · {comment.insightfulCount}</span>
      )}
      {canPost &&
        panel(
          'reply',
          'Reply',
          <CommentComposer
            articleId={articleId}
            articleSlug={articleSlug}
            initialKey={replyKey}
            signedIn={signedIn}
            replyToId={comment.id}
            replyToName={comment.authorName}
          />,
        )}
      <ShareButton comment={comment} articleSlug={articleSlug} />
      {signedIn && !comment.isOwn && panel('report', 'Report', <ReportForm comment={comment} />)}
      {comment.canEdit && panel('edit', 'Edit', <EditForm comment={comment} />)}
      {comment.canDelete && panel('delete', 'Delete', <DeleteForm comment={comment} />)}
    </div>
  );
}
