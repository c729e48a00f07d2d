'use client';

import { useActionState, useEffect, useOptimistic, useRef, useTransition } from 'react';
import { toggleInsightfulAction } from '@/app/(site)/articles/[slug]/actions';
import type { FormState } from '@/lib/form-state';
import type { CommentActionsComment } from './comment-actions-comment';

export type InsightfulButtonProps = {
  comment: CommentActionsComment;
  /** Pressed before this code arrived (InsightfulToggle): toggle at once. */
  pressOnMount?: boolean;
  /** The button it replaces had the keyboard focus. */
  focusOnMount?: boolean;
};

/** "Insightful", toggled at once (optimistic) and then as the server answered. Signed-in readers only: loaded when shown, or when reached for. */
export function InsightfulButton({ comment, pressOnMount = false, focusOnMount = false }: InsightfulButtonProps) {
  const [state, formAction] = useActionState<FormState, FormData>(toggleInsightfulAction, { ok: false });
  const [, startTransition] = useTransition();
  const form = useRef<HTMLFormElement>(null);
  const onMount = useRef({ press: pressOnMount, focus: focusOnMount });
  useEffect(() => {
    const { press, focus } = onMount.current;
    onMount.current = { press: false, focus: false };
    if (focus) form.current?.querySelector('button')?.focus();
    if (press) form.current?.requestSubmit();
  }, []);
  // The action answers with the stored state (the page is not re-rendered for a click).
  const answered = state.ok && state.values ? { on: state.values.insightful === 'true', count: Number(state.values.insightfulCount) } : null;
  const [optimistic, setOptimistic] = useOptimistic(answered ?? { on: comment.viewerFoundInsightful, count: comment.insightfulCount }, (current, on: boolean) => ({
    on,
    count: current.count + (on ? 1 : -1),
  }));
  return (
    <form
      ref={form}
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
