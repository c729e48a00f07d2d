// The one logger: pino, one JSON object per line on stdout (README "Operations").
//
//   {"level":"warn","time":"2026-12-02T10:00:00.000Z","pid":1,"hostname":"app1","concern":"jobs","reqId":"…","event":"job.failed",…}
//
// Each concern logs through its own child (`logFor('jobs')`); lines written
// while a request is handled carry its id and, once known, the signed-in
// user's id (lib/request-context.ts). Secrets and email addresses never reach
// the log: fields named like credentials are censored wherever they sit, and
// anything shaped like an email address is masked in every string.
//
// The logger lives on globalThis: server/main.ts (compiled on its own) and
// Next.js's bundle of lib/ each load this module, and must write through one
// stream at one level. Its level is set from LOG_LEVEL once lib/env.ts has
// read it (setLogLevel: lib/server-start.ts, server/main.ts, scripts/worker.ts);
// children follow their parent's level.
import pino, { type Logger } from 'pino';
import { requestContext } from './request-context';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

const REDACTED = '[redacted]';
/** Field names whose values are credentials, or lead to one. */
const secretKey = /pass(word)?|hash|token|secret|cookie|authorization|^email$|^to$|^recipient$/i;
const emailLike = /[^\s@<>"'(),;:[\]]+@[^\s@<>"'(),;:[\]]+\.[a-z]{2,}/gi;
const EMAIL_MASK = '[email]';

const maskEmails = (text: string) => (text.includes('@') ? text.replace(emailLike, EMAIL_MASK) : text);

/**
 * The line's fields with credentials censored and email addresses masked, to
 * a few levels deep (log fields are shallow; deeper values are dropped rather
 * than walked). Errors are copied with their text masked.
 */
export function scrubLogFields(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskEmails(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 4) return '[nested]';
  if (value instanceof Error) {
    // A plain Error carrying the original's constructor, so that pino's error serializer still
    // names its type; own properties only (a DOMException's are getters that need the original).
    const copy = Object.create(Error.prototype) as Error;
    Object.defineProperty(copy, 'constructor', { value: value.constructor, enumerable: false });
    const own = (name: string, field: unknown) => Object.defineProperty(copy, name, { value: field, enumerable: true, writable: true, configurable: true });
    for (const [name, field] of Object.entries(value)) own(name, secretKey.test(name) ? REDACTED : scrubLogFields(field, depth + 1));
    if (value.name !== 'Error') own('name', value.name);
    own('message', maskEmails(String(value.message)));
    if (value.stack) own('stack', maskEmails(value.stack));
    if (value.cause !== undefined) own('cause', scrubLogFields(value.cause, depth + 1));
    return copy;
  }
  if (Array.isArray(value)) return value.map((item) => scrubLogFields(item, depth + 1));
  if (value instanceof Date) return value;
  const scrubbed: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) scrubbed[key] = secretKey.test(key) ? REDACTED : scrubLogFields(field, depth + 1);
  return scrubbed;
}

function createLogger(): Logger {
  return pino({
    level: 'info',
    // "warn", not 40: read by people and by tests of the log (e2e/server-actions.spec.ts).
    formatters: {
      level: (label) => ({ level: label }),
      // Logging must never fail the work that logs: fields that cannot be scrubbed are dropped.
      log: (fields) => {
        try {
          return scrubLogFields(fields) as Record<string, unknown>;
        } catch {
          return { logFieldsDropped: true };
        }
      },
    },
    timestamp: pino.stdTimeFunctions.isoTime,
    // The usual places, censored by pino itself as the line is written (the
    // formatter above catches them deeper too). No wildcard paths: pino would
    // then run every field of every line through its redaction, 3-4 µs a line.
    redact: { paths: ['password', 'token', 'email', 'cookie', 'authorization', 'headers.cookie', 'headers.authorization'], censor: REDACTED },
    hooks: {
      // The message string too: an error's text may quote an address ("550 <someone@…> unknown").
      logMethod(args, method) {
        for (let i = 0; i < args.length; i++) if (typeof args[i] === 'string') args[i] = maskEmails(args[i] as string);
        method.apply(this, args);
      },
    },
    // The request this line was written for, when there is one.
    mixin() {
      const context = requestContext.getStore();
      if (!context) return {};
      return context.userId ? { reqId: context.requestId, userId: context.userId } : { reqId: context.requestId };
    },
  });
}

const key = Symbol.for('parley.log');
const shared = globalThis as unknown as { [key]?: Logger };

/** The root logger. Prefer a concern's child (logFor). */
export const log: Logger = (shared[key] ??= createLogger());

/** A child logger whose lines say which part of Parley wrote them (`"concern":"jobs"`). */
export function logFor(concern: string): Logger {
  return log.child({ concern });
}

/** LOG_LEVEL, as lib/env.ts validated it; the children follow. */
export function setLogLevel(level: LogLevel): void {
  log.level = level;
}

/** Writes what is buffered before the process exits on its own (process.exit skips pending writes). */
export function flushLog(): Promise<void> {
  return new Promise((resolve) => log.flush(() => resolve()));
}
