// When PostgreSQL cannot be reached (restarting, crashed, out of connections,
// too slow), a request that needed it is answered 503 with Retry-After: the
// reader, nginx and a monitor can all tell "try again shortly" from a bug (500),
// and a form's answer keeps what was typed. Issue 14's fault test holds the
// app to it while it restarts the database.
//
// Two parts: `isDatabaseUnavailable` tells such a failure from the others, and
// marks on the request's context (lib/request-context.ts) that Parley's server
// turns into the status (server/main.ts): "a query failed for want of the
// database" (set where it fails: lib/db.ts's driver adapter, instrumentation.ts)
// turns an error page's 500 into a 503, and "the answer says the database is
// unavailable" (a form's state, lib/form-state.ts) turns its 200 into a 503.
import { newRequestContext, type RequestContext, requestContext } from '@/lib/request-context';

/** What Retry-After says: PostgreSQL restarts (or recovers from a crash) in a few seconds. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Runs `handle` as a request of its own (a test, a script acting as one), handing it the context the marks go to. */
export function inRequestScope<T>(handle: (scope: RequestContext) => T): T {
  const scope = newRequestContext();
  return requestContext.run(scope, () => handle(scope));
}

// When a query of this process last failed for want of the database
// (performance.now()). On globalThis like the request context
// (lib/request-context.ts): server/main.ts and Next.js's bundle each load this module.
const lastFailureKey = Symbol.for('parley.lastDatabaseFailureAt');
const processState = globalThis as unknown as { [lastFailureKey]?: number };

/** A query of this request failed for want of the database: if the request then fails (500), it is answered 503. */
export function noteDatabaseFailure(): void {
  processState[lastFailureKey] = performance.now();
  const scope = requestContext.getStore();
  if (scope) scope.sawDatabaseFailure = true;
}

/**
 * Whether a request that failed (500) is put down to the database: one of its
 * own queries failed for want of it, or one of this process's did within the
 * last Retry-After. The second covers a request that waited on a query it did
 * not run: readers of a cached page that is being filled all wait for the
 * first reader's queries, whose failure is noted in that reader's context
 * only (seen once in issue 14's fault run as a 500 without Retry-After).
 */
export function failedForWantOfDatabase(scope: RequestContext, now = performance.now()): boolean {
  return scope.sawDatabaseFailure || now - (processState[lastFailureKey] ?? Number.NEGATIVE_INFINITY) < DATABASE_RETRY_AFTER_SECONDS * 1000;
}

/** This request's answer says the database is unavailable (a form's state): it is sent as a 503 with Retry-After. */
export function markDatabaseUnavailable(): void {
  const scope = requestContext.getStore();
  if (scope) scope.sawDatabaseFailure = scope.answeredUnavailable = true;
}

export function requestFoundDatabaseUnavailable(): boolean {
  return requestContext.getStore()?.answeredUnavailable ?? false;
}

/** How long ago the server took this request (0 outside a request: a script, a test). */
export function requestAgeMs(): number {
  const scope = requestContext.getStore();
  return scope ? performance.now() - scope.startedAt : 0;
}

/**
 * `target` (a driver adapter, its factory, a transaction), with every method
 * whose promise rejects for want of the database noting it in the request's
 * scope (`noteDatabaseFailure`) before the error goes on, and every object
 * such a promise resolves to (the adapter a factory connects, a transaction)
 * wrapped the same way. Noted where the query fails, not where the error ends
 * up: Next.js sets a failed page's status before it reports the error.
 */
export function noticingUnavailability<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, key) {
      const value: unknown = Reflect.get(object, key);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = Reflect.apply(value, object, args);
        if (!(result instanceof Promise)) return result;
        return result.then(
          (resolved: unknown) => (resolved && typeof resolved === 'object' && 'queryRaw' in resolved ? noticingUnavailability(resolved) : resolved),
          (error: unknown) => {
            if (isDatabaseUnavailable(error)) noteDatabaseFailure();
            throw error;
          },
        );
      };
    },
  });
}

/**
 * Prisma's codes for "cannot reach / timed out / no connection in time":
 * P1001 unreachable, P1002 and P1008 timeouts, P1017 closed by the server,
 * P2024 no pool connection in time, P2028 a transaction that could not start
 * or whose connection went.
 */
const prismaCodes = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
/**
 * SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html):
 * class 08 connection exceptions; 57P01 admin shutdown (a fast stop), 57P02
 * crash shutdown, 57P03 cannot connect now (starting up, shutting down,
 * recovering); 53300 too many connections; 57014 a statement cancelled by
 * statement_timeout and 55P03 a lock not granted within lock_timeout
 * (lib/db.ts), which a database that is there answers only when overloaded.
 */
const sqlStates = /^(08...|57P0[123]|53300|57014|55P03)$/;
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);
/** @prisma/adapter-pg's kinds for the same (its convertDriverError). */
const adapterKinds = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/** What `pg` throws without a code when a connection dies or never comes. */
const driverMessages = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Query read timeout)/;

/** Whether an error (from Prisma, pg, or wrapping one of theirs) means the database is unavailable right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 10) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const { code, kind, message, cause, meta } = current as {
      code?: unknown;
      kind?: unknown;
      message?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: unknown };
    };
    if (typeof code === 'string' && (prismaCodes.has(code) || sqlStates.test(code) || socketCodes.has(code))) return true;
    if (typeof kind === 'string' && adapterKinds.has(kind)) return true;
    if (typeof message === 'string' && driverMessages.test(message)) return true;
    queue.push(cause, meta?.driverAdapterError);
  }
  return false;
}
