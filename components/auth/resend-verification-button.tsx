'use client';

import { useActionState } from 'react';
import { useFormStatus } from 'react-dom';
import { resendVerificationAction } from '@/app/(site)/account/actions';

function SubmitButton() {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className="button button--secondary button--small" disabled={pending} aria-disabled={pending}>
      {pending ? 'Sending…' : 'Resend verification email'}
    </button>
  );
}

/** "Resend verification email" where a refusal asks for a verified address (the composer); its own form, beside the one refused. */
export function ResendVerificationButton() {
  const [state, formAction] = useActionState(resendVerificationAction, { ok: false });
  return (
    <form action={formAction} className="inline-form">
      <SubmitButton />
      {state.message && (
        <p role={state.ok ? 'status' : 'alert'} className={state.ok ? 'form-message form-message--ok' : 'form-message form-message--error'}>
          {state.message}
        </p>
      )}
    </form>
  );
}
