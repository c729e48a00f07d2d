import { type ComponentType, Suspense, useRef, useState } from 'react';
import { lazyNamed } from '@/components/ui/lazy-named';
import type { ThreadOverlay } from '@/components/viewer/page-viewer-store';
import { type CommentActionsProps, ShareButton } from './comment-actions';
import type { InsightfulButtonProps } from './insightful-button';
import { withThreadOverlay } from './comment-actions-comment';

// Each panel's form comes when the panel is first rendered (see Deferred),
// the Insightful button's code when the reader reaches for it (InsightfulToggle).
const CommentComposer = lazyNamed(() => import('./comment-composer').then((module) => module.CommentComposer));
const EditForm = lazyNamed(() => import('./comment-action-forms').then((module) => module.EditForm));
const DeleteForm = lazyNamed(() => import('./comment-action-forms').then((module) => module.DeleteForm));
const ReportForm = lazyNamed(() => import('./comment-action-forms').then((module) => module.ReportForm));
const InsightfulButton = lazyNamed(() => import('./insightful-button').then((module) => module.InsightfulButton));

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
function Deferred({ inBrowser, children }: { inBrowser: boolean; children: React.ReactNode }) {
  return inBrowser ? <Suspense fallback={null}>{children}</Suspense> : children;
}

/**
 * The Insightful button of a shared page, as it looks, until the reader
 * reaches for it (pointer or keyboard focus): then its code comes
 * (InsightfulButton) and takes its place, keeping the focus, and a press made
 * meanwhile is not lost.
 */
function InsightfulToggle({ comment }: { comment: SignedInCommentActionsProps['comment'] }) {
  const [loaded, setLoaded] = useState<{ Button: ComponentType<InsightfulButtonProps>; focus: boolean } | null>(null);
  const [pressed, setPressed] = useState(false);
  const asked = useRef(false);
  const button = useRef<HTMLButtonElement>(null);
  const reach = () => {
    if (asked.current) return;
    asked.current = true;
    void import('./insightful-button').then((module) => setLoaded({ Button: module.InsightfulButton, focus: document.activeElement === button.current }));
  };
  if (loaded) return <loaded.Button comment={comment} pressOnMount={pressed} focusOnMount={loaded.focus} />;
  const { viewerFoundInsightful: on, insightfulCount: count } = comment;
  return (
    <form
      className="inline-form"
      onPointerEnter={reach}
      onFocus={reach}
      onSubmit={(event) => {
        event.preventDefault();
        setPressed(true);
        reach();
      }}
    >
      <button ref={button} type="submit" className={on ? 'chip chip--on' : 'chip'} aria-pressed={on}>
        Insightful{count > 0 ? ` · ${count}` : ''}
      </button>
    </form>
  );
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
  // A page rendered for its signed-in reader has every panel's form in its
  // HTML, for browsers without JavaScript. On a shared page the reader is
  // known only in the browser: a panel's form (and its code) comes when the
  // panel is opened.
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
        renderedSignedIn ? (
          <InsightfulButton comment={comment} />
        ) : (
          <InsightfulToggle comment={comment} />
        )
      ) : (
        comment.insightfulCount > 0 && <span className="chip chip--static">Insightful · {comment.insightfulCount}</span>
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
