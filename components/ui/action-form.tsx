'use client';

import { useActionState, useId } from 'react';
import { useFormStatus } from 'react-dom';
import type { FormState } from '@/lib/form-state';

export type FieldSpec = {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'hidden' | 'select';
  /** The choices of a `select`. */
  options?: { value: string; label: string }[];
  autoComplete?: string;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  hint?: string;
  defaultValue?: string;
};

export type ActionFormProps = {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  fields: FieldSpec[];
  submitLabel: string;
  pendingLabel?: string;
  /** Shown after a successful submission that stays on the page. */
  successMessage?: string;
  /** Styles the submit button as a destructive action. */
  danger?: boolean;
};

function SubmitButton({ label, pendingLabel, danger }: { label: string; pendingLabel: string; danger?: boolean }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={danger ? 'button button--danger' : 'button'} disabled={pending} aria-disabled={pending}>
      {pending ? pendingLabel : label}
    </button>
  );
}

/**
 * A form posted to a server action: a plain HTML form before JavaScript loads,
 * then enhanced (pending state, no reload). Errors appear next to their
 * fields; what was typed is shown again after an error.
 */
export function ActionForm({ action, fields, submitLabel, pendingLabel = 'Working…', successMessage, danger }: ActionFormProps) {
  const [state, formAction] = useActionState(action, { ok: false });
  const formId = useId();
  const messageId = `${formId}-message`;

  return (
    <form action={formAction} className="form" noValidate aria-describedby={state.message ? messageId : undefined}>
      {(state.message || (state.ok && successMessage)) && (
        <p id={messageId} role={state.ok ? 'status' : 'alert'} className={state.ok ? 'form-message form-message--ok' : 'form-message form-message--error'}>
          {state.ok ? (state.message ?? successMessage) : state.message}
        </p>
      )}
      {fields.map((field) => {
        const inputId = `${formId}-${field.name}`;
        const errors = state.fieldErrors?.[field.name];
        const describedBy = [errors?.length ? `${inputId}-error` : '', field.hint ? `${inputId}-hint` : ''].filter(Boolean).join(' ');
        const value = state.values?.[field.name] ?? field.defaultValue ?? '';
        if (field.type === 'hidden') return <input key={field.name} type="hidden" name={field.name} value={value} />;
        return (
          <div className="field" key={field.name}>
            <label htmlFor={inputId}>{field.label}</label>
            {field.hint && (
              <p id={`${inputId}-hint`} className="field__hint">
                {field.hint}
              </p>
            )}
            {field.type === 'select' ? (
              <select
                id={inputId}
                name={field.name}
                required={field.required}
                defaultValue={value}
                aria-invalid={errors?.length ? true : undefined}
                aria-describedby={describedBy || undefined}
              >
                {field.options?.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={inputId}
                name={field.name}
                type={field.type ?? 'text'}
                autoComplete={field.autoComplete}
                required={field.required}
                minLength={field.minLength}
                maxLength={field.maxLength}
                defaultValue={field.type === 'password' ? undefined : value}
                aria-invalid={errors?.length ? true : undefined}
                aria-describedby={describedBy || undefined}
              />
            )}
            {errors?.length ? (
              <p id={`${inputId}-error`} className="field__error">
                {errors.join(' ')}
              </p>
            ) : null}
          </div>
        );
      })}
      <SubmitButton label={submitLabel} pendingLabel={pendingLabel} danger={danger} />
    </form>
  );
}
