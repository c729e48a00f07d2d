import type { z } from 'zod';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '@/lib/database-unavailable';

// One error type for every rule the domain enforces. Routes turn it into a
// message next to the field (forms) or an HTTP status (APIs); nothing else
// about the failure leaks to the user.
export type DomainErrorCode =
  | 'INVALID_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'CONFLICT'
  | 'INVALID_CREDENTIALS'
  /** The moderation policy requires a verified email to post, and this reader's is not (yet). */
  | 'EMAIL_NOT_VERIFIED'
  /** A request body over what the route reads. */
  | 'TOO_LARGE'
  /** PostgreSQL cannot be reached just now (lib/database-unavailable.ts): try again in a few seconds. */
  | 'UNAVAILABLE';

export type FieldErrors = Record<string, string[] | undefined>;

export class DomainError extends Error {
  override name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: { fieldErrors?: FieldErrors; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }
}

export const httpStatusFor: Record<DomainErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  EMAIL_NOT_VERIFIED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

/** "in 42 seconds", "in 3 minutes" */
export function formatWait(seconds: number): string {
  // Seconds up to two minutes: "in 60 seconds" is more useful than "in 1 minute".
  if (seconds < 120) return `in ${Math.max(1, Math.ceil(seconds))} second${Math.ceil(seconds) === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.ceil(minutes / 60);
  return `in ${hours} hour${hours === 1 ? '' : 's'}`;
}

/** What a reader is told when the database is unavailable: nothing they did is wrong, and nothing they typed is lost. */
export const DATABASE_UNAVAILABLE_MESSAGE = 'We cannot reach our database just now. Nothing you entered is lost: try again in a few seconds.';

/**
 * The refusal for a write that would start too late to finish within the
 * 10 s a reader waits (the server is overloaded: it spent its time queueing).
 * Refusing before the transaction sheds the load where it is heaviest, and the
 * reader's retry with the same idempotency key is safe.
 */
export function tooBusyError(): DomainError {
  return new DomainError('UNAVAILABLE', 'We are very busy just now. Nothing you entered is lost: try again in a few seconds.', {
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
  });
}

/** The refusal for a failure that means the database is unavailable, or undefined for any other error. */
export function unavailableError(error: unknown): DomainError | undefined {
  if (!isDatabaseUnavailable(error)) return undefined;
  return new DomainError('UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE, { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });
}

/**
 * A route handler's answer to a refusal from lib/: JSON with the code, message and, when limited, Retry-After.
 * The database being unavailable is a 503 with Retry-After too; anything else is rethrown (a 500).
 */
export function errorResponse(failure: unknown): Response {
  const error = unavailableError(failure) ?? failure;
  if (!(error instanceof DomainError)) throw error;
  const retryAfter = error.details.retryAfterSeconds;
  return Response.json(
    { error: error.code, message: error.message, ...(error.details.fieldErrors && { fieldErrors: error.details.fieldErrors }) },
    {
      status: httpStatusFor[error.code],
      headers: { 'Cache-Control': 'no-store', ...(retryAfter && { 'Retry-After': String(retryAfter) }) },
    },
  );
}

/**
 * Checks a command's input in lib/ itself, whatever the caller did: a failed
 * check is an INVALID_INPUT refusal with the messages per field.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join('.') || 'form';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  throw new DomainError('INVALID_INPUT', result.error.issues[0]?.message ?? 'That input is not valid.', { fieldErrors });
}
