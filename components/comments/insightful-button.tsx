'use client';

import { useActionState, useOptimistic, useTransition } from 'react';
import { toggleInsightfulAction } from '@/app/(site)/articles/[slug]/actions';
import type { FormState } from '@/lib/form-state';
import type { CommentActionsComment } from './comment-actions-comment';

/** "Insightful", toggled at once (optimistic) and then as the server answered. Signed-in readers only: loaded when shown. */
export function InsightfulButton({ comment }: { comment: CommentActionsComment }) {
  const [state, formAction] = useActionState<FormState, FormData>(toggleInsightfulAction, { ok: false });
  const [, startTransition] = useTransition();
  // The action answers with the stored state (the page is not re-rendered for a click).
  const answered = state.ok && state.values ? { on: state.values.insightful === 'true', count: Number(state.values.insightfulCount) } : null;
  const [optimistic, setOptimistic] = useOptimistic(answered ?? { on: comment.viewerFoundInsightful, count: comment.insightfulCount }, (current, on: boolean) => ({
    on,
    count: current.count + (on ? 1 : -1),
  }));
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
