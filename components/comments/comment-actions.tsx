'use client';

import { useActionState, useOptimistic, useState, useTransition } from 'react';
import { deleteCommentAction, editCommentAction, reportCommentAction, toggleInsightfulAction } from '@/app/articles/[slug]/actions';
import { reportReasonChoice } from '@/lib/comments/report-reason-labels';
import { reportReasons } from '@/lib/comments/schema';
import type { CommentView } from '@/lib/comments/comment-view';
import type { FormState } from '@/lib/form-state';
import { FormFeedback } from '@/components/ui/form-feedback';
import { CommentComposer } from './comment-composer';

export type CommentActionsProps = {
  comment: CommentView;
  articleId: string;
  articleSlug: string;
  signedIn: boolean;
  canPost: boolean;
  replyKey: string;
};

function InsightfulButton({ comment }: { comment: CommentView }) {
  const [state, formAction] = useActionState<FormState, FormData>(toggleInsightfulAction, { ok: false });
  const [, startTransition] = useTransition();
  const [optimistic, setOptimistic] = useOptimistic(
    { on: comment.viewerFoundInsightful, count: comment.insightfulCount },
    (current, on: boolean) => ({ on, count: current.count + (on ? 1 : -1) }),
  );
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => {
          setOptimistic(!optimistic.on);
          formAction(data);
        });
      }}
      className="inline-form"
    >
      <input type="hidden" name="commentId" value={comment.id} />
      <button type="submit" className={optimistic.on ? 'chip chip--on' : 'chip'} aria-pressed={optimistic.on}>
        Insightful{optimistic.count > 0 ? ` · ${optimistic.count}` : ''}
      </button>
      {!state.ok && state.message && (
        <span role="alert" className="field__error">
          {' '}
          {state.message}
        </span>
      )}
    </form>
  );
}

function ShareButton({ comment, articleSlug }: { comment: CommentView; articleSlug: string }) {
  const [copied, setCopied] = useState(false);
  const href = `/articles/${articleSlug}#comment-${comment.id}`;
  return (
    <a
      href={href}
      className="chip"
      onClick={async (event) => {
        if (!navigator.clipboard) return;
        event.preventDefault();
        await navigator.clipboard.writeText(new URL(href, window.location.href).toString()).catch(() => undefined);
        setCopied(true);
        setTimeout(() => setCopied(false), 2500);
      }}
    >
      {copied ? 'Link copied' : 'Share'}
      <span className="visually-hidden"> a link to this comment by {comment.authorName}</span>
    </a>
  );
}

function EditForm({ comment }: { comment: CommentView }) {
  const [state, formAction] = useActionState<FormState, FormData>(editCommentAction, { ok: false });
  return (
    <form action={formAction} className="form">
      <input type="hidden" name="commentId" value={comment.id} />
      <label htmlFor={`edit-${comment.id}`}>Edit your comment</label>
      <textarea id={`edit-${comment.id}`} name="body" rows={4} defaultValue={state.values?.body ?? comment.editableBody ?? ''} required />
      <FormFeedback state={state} />
      <button type="submit" className="button button--small">
        Save changes
      </button>
    </form>
  );
}

function DeleteForm({ comment }: { comment: CommentView }) {
  const [state, formAction] = useActionState<FormState, FormData>(deleteCommentAction, { ok: false });
  return (
    <form action={formAction} className="form">
      <input type="hidden" name="commentId" value={comment.id} />
      <p>Delete this comment? Replies to it stay, under a “deleted” placeholder.</p>
      <FormFeedback state={state} />
      <button type="submit" className="button button--small button--danger">
        Delete comment
      </button>
    </form>
  );
}

function ReportForm({ comment }: { comment: CommentView }) {
  const [state, formAction] = useActionState<FormState, FormData>(reportCommentAction, { ok: false });
  if (state.ok) return <FormFeedback state={state} />;
  return (
    <form action={formAction} className="form">
      <input type="hidden" name="commentId" value={comment.id} />
      <fieldset>
        <legend>Why are you reporting this comment?</legend>
        {reportReasons.map((reason) => (
          <label key={reason} className="radio">
            <input type="radio" name="reason" value={reason} defaultChecked={state.values?.reason === reason} required /> {reportReasonChoice(reason)}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`report-note-${comment.id}`}>Note for the moderators (required for “Other”)</label>
      <textarea id={`report-note-${comment.id}`} name="note" rows={2} maxLength={500} defaultValue={state.values?.note ?? ''} />
      {state.fieldErrors?.note && <p className="field__error">{state.fieldErrors.note.join(' ')}</p>}
      {state.fieldErrors?.reason && <p className="field__error">{state.fieldErrors.reason.join(' ')}</p>}
      <FormFeedback state={{ ...state, message: state.fieldErrors ? undefined : state.message }} />
      <button type="submit" className="button button--small">
        Send report
      </button>
    </form>
  );
}

/**
 * Reply, Edit, Delete and Report open in place (<details>, so they work before
 * JavaScript loads); Insightful and Share act at once.
 */
export function CommentActions({ comment, articleId, articleSlug, signedIn, canPost, replyKey }: CommentActionsProps) {
  const [openPanel, setOpenPanel] = useState<string | null>(null);
  const panel = (name: string, summary: string, content: React.ReactNode) => (
    <details
      className="comment__panel"
      open={openPanel === name}
      onToggle={(event) => {
        const open = (event.currentTarget as HTMLDetailsElement).open;
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
    return comment.canDelete && !comment.deleted ? (
      <div className="comment__actions">{panel('delete', 'Delete', <DeleteForm comment={comment} />)}</div>
    ) : null;
  }

  return (
    <div className="comment__actions">
      {comment.canReact ? (
        <InsightfulButton comment={comment} />
      ) : (
        comment.insightfulCount > 0 && (
          <span className="chip chip--static">
            Insightful · {comment.insightfulCount}
          </span>
        )
      )}
      {canPost &&
        panel(
          'reply',
          'Reply',
          <CommentComposer articleId={articleId} articleSlug={articleSlug} initialKey={replyKey} signedIn={signedIn} replyToId={comment.id} replyToName={comment.authorName} />,
        )}
      <ShareButton comment={comment} articleSlug={articleSlug} />
      {signedIn && !comment.isOwn && panel('report', 'Report', <ReportForm comment={comment} />)}
      {comment.canEdit && panel('edit', 'Edit', <EditForm comment={comment} />)}
      {comment.canDelete && panel('delete', 'Delete', <DeleteForm comment={comment} />)}
    </div>
  );
}
