import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { markDatabaseUnavailable } from '@/lib/database-unavailable';
import { DomainError, type DomainErrorCode, type FieldErrors, unavailableError } from '@/lib/errors';
import { logFor } from '@/lib/log';

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
  /** Which rule refused, for forms that offer a way out of it (the composer's "Resend verification email"). */
  code?: DomainErrorCode;
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
    fieldErrors: z.flattenError(error).fieldErrors,
    values,
  };
}

/**
 * Turns a refusal from lib/ into the form's state. Unexpected errors are logged
 * and shown as a generic message: never a stack trace. When the database is
 * unavailable the state says so, with what was typed, and the response becomes
 * a 503 with Retry-After (lib/database-unavailable.ts): the composer keeps its
 * text and idempotency key, so posting again once it is back is safe.
 */
export function formStateFromError(failure: unknown, values: Record<string, string>): FormState {
  // redirect() and notFound() work by throwing: let Next.js have them.
  unstable_rethrow(failure);
  const unavailable = unavailableError(failure);
  if (unavailable) {
    markDatabaseUnavailable();
    logFor('actions').warn({ event: 'action.database_unavailable', error: failure instanceof Error ? failure.message : String(failure) });
  }
  const error = unavailable ?? failure;
  // Also a command's own UNAVAILABLE refusal (tooBusyError): a 503 as well.
  if (error instanceof DomainError && error.code === 'UNAVAILABLE') markDatabaseUnavailable();
  if (error instanceof DomainError) {
    return {
      ok: false,
      code: error.code,
      message: error.message,
      fieldErrors: error.details.fieldErrors,
      retryAfterSeconds: error.details.retryAfterSeconds,
      values,
    };
  }
  logFor('actions').error({ event: 'action.failed', error: error instanceof Error ? error.message : String(error) });
  return { ok: false, message: 'Something went wrong on our side. Your input is kept; please try again.', values };
}

const notAForm: FormState = { ok: false, message: 'That form was not understood. Reload the page and try again.' };

/**
 * An action's submission as a form. Its arguments come from the request, not
 * from our forms: a POST that names the action with `$ACTION_ID_<id>` (what a
 * plain `<form action>` posts) passes the form alone, so a useActionState
 * action's second argument is undefined, and a fetch action passes whatever
 * its body encodes. Anything but a FormData is logged and counts as empty.
 */
export function submittedForm(submission: unknown): FormData {
  if (submission instanceof FormData) return submission;
  logNotAForm(submission);
  return new FormData();
}

function logNotAForm(submission: unknown): void {
  logFor('actions').warn({ event: 'action.refused', reason: `the submission is ${submission === null ? 'null' : typeof submission}, not a form` });
}

/**
 * The shape of every form's server action: parse the submission with the
 * form's schema, run the command, and turn any refusal into the form's state,
 * with what the user typed echoed back. `run` may redirect.
 */
export async function runFormAction<S extends z.ZodType, R extends FormState = FormState>(
  submission: unknown,
  schema: S,
  run: (input: z.output<S>) => Promise<R>,
): Promise<R | FormState> {
  if (!(submission instanceof FormData)) {
    // Not the schema's messages for an empty form: they would point at fields the user filled in.
    logNotAForm(submission);
    return notAForm;
  }
  const values = echoValues(submission);
  const parsed = schema.safeParse(Object.fromEntries(submission));
  if (!parsed.success) return invalidInput(parsed.error, values);
  try {
    return await run(parsed.data);
  } catch (error) {
    return formStateFromError(error, values);
  }
}
