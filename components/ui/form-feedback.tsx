import type { FormState } from '@/lib/form-state';

/** A small form's outcome: announced as a status when it worked, as an alert when it did not. */
export function FormFeedback({ state }: { state: FormState }) {
  if (!state.message) return null;
  return (
    <p role={state.ok ? 'status' : 'alert'} className={state.ok ? 'form-message form-message--ok' : 'field__error'}>
      {state.message}
    </p>
  );
}
