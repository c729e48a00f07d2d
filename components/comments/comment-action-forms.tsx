'use client';

import { useActionState } from 'react';
import { deleteCommentAction, editCommentAction, reportCommentAction } from '@/app/(site)/articles/[slug]/actions';
import { FormFeedback } from '@/components/ui/form-feedback';
import type { CommentActionsComment } from './comment-actions-comment';
import { reportReasons } from '@/lib/comments/limits';
import { reportReasonChoice } from '@/lib/comments/report-reason-labels';
import type { FormState } from '@/lib/form-state';

// The forms behind a comment's Edit, Delete and Report panels (CommentActions loads them on demand).

export function EditForm({ comment }: { comment: CommentActionsComment }) {
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

export function DeleteForm({ comment }: { comment: CommentActionsComment }) {
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

export function ReportForm({ comment }: { comment: CommentActionsComment }) {
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
