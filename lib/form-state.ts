import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { DomainError, type FieldErrors } from '@/lib/errors';
import { logEvent } from '@/lib/log';

/**
 * What every server action returns to its form. `values` echoes what the user
 * typed (never passwords) so the form can show it again: without JavaScript the
 * page is re-rendered from this state, and nothing typed is lost.
 */
export type FormState = {
  ok: boolean;
  message?: string;
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
  retryAfterSeconds?: number;
};

export const initialFormState: FormState = { ok: false };

/** The text fields of a form submission, minus anything secret. */
export function echoValues(formData: FormData, omit: string[] = []): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === 'string' && !key.startsWith('$ACTION') && !omit.includes(key) && !/password/i.test(key)) {
      values[key] = value;
    }
  }
  return values;
}

export function invalidInput(error: z.ZodError, values: Record<string, string>): FormState {
  return {
    ok: false,
    message: 'Please correct the highlighted fields.',
    fieldErrors: z.flattenError(error).fieldErrors as FieldErrors,
    values,
  };
}

/**
 * Turns a refusal from lib/ into the form's state. Unexpected errors are logged
 * and shown as a generic message: never a stack trace.
 */
export function formStateFromError(error: unknown, values: Record<string, string>): FormState {
  // redirect() and notFound() work by throwing: let Next.js have them.
  unstable_rethrow(error);
  if (error instanceof DomainError) {
    return {
      ok: false,
      message: error.message,
      fieldErrors: error.details.fieldErrors,
      retryAfterSeconds: error.details.retryAfterSeconds,
      values,
    };
  }
  logEvent('action.failed', { error: error instanceof Error ? error.message : String(error) }, 'error');
  return { ok: false, message: 'Something went wrong on our side. Your input is kept; please try again.', values };
}

/**
 * The shape of every form's server action: parse the submission with the
 * form's schema, run the command, and turn any refusal into the form's state,
 * with what the user typed echoed back. `run` may redirect.
 */
export async function runFormAction<S extends z.ZodType, R extends FormState = FormState>(
  formData: FormData,
  schema: S,
  run: (input: z.output<S>) => Promise<R>,
): Promise<R | FormState> {
  const values = echoValues(formData);
  const parsed = schema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error, values);
  try {
    return await run(parsed.data);
  } catch (error) {
    return formStateFromError(error, values);
  }
}
