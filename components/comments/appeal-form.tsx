'use client';

import { useActionState } from 'react';
import { appealRemovalAction } from '@/app/(site)/articles/[slug]/actions';
import { FormFeedback } from '@/components/ui/form-feedback';
import type { FormState } from '@/lib/form-state';

export type AppealFormProps = { commentId: string };

/** The author of a removed comment may appeal once. */
export function AppealForm({ commentId }: AppealFormProps) {
  const [state, formAction] = useActionState<FormState, FormData>(appealRemovalAction, { ok: false });
  if (state.ok) return <FormFeedback state={state} />;
  return (
    <form action={formAction} className="form">
      <input type="hidden" name="commentId" value={commentId} />
      <label htmlFor={`appeal-${commentId}`}>Appeal this removal (once)</label>
      <textarea id={`appeal-${commentId}`} name="message" rows={2} maxLength={1000} defaultValue={state.values?.message ?? ''} required />
      {state.message && (
        <p role="alert" className="field__error">
          {state.fieldErrors?.message?.join(' ') ?? state.message}
        </p>
      )}
      <button type="submit" className="button button--small">
        Send appeal
      </button>
    </form>
  );
}
