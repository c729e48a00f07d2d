// What is known of the request being handled: its id (from nginx's
// X-Request-Id, or made by server/main.ts), once the session is read the
// signed-in user's id (never their email), and what lib/database-unavailable.ts
// noted of the database on its behalf. server/main.ts runs each request in
// it; lib/log.ts adds the ids to every line written meanwhile, the request's
// own line reads the user id from it when the response is done, and the
// server reads the database marks when it writes the status.
//
// On globalThis: server/main.ts and Next.js's bundle of lib/ each load this
// module, and must share one store for the context to reach the page code.
// One store for all of it: each AsyncLocalStorage adds work to every promise.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export type RequestContext = {
  readonly requestId: string;
  /** When the server took the request (performance.now()). */
  readonly startedAt: number;
  userId?: string;
  /** A query of this request failed because the database is unavailable (whatever became of the error). */
  sawDatabaseFailure: boolean;
  /** This request's answer tells the reader the database is unavailable. */
  answeredUnavailable: boolean;
};

const key = Symbol.for('parley.requestContext');
const shared = globalThis as unknown as { [key]?: AsyncLocalStorage<RequestContext> };

export const requestContext: AsyncLocalStorage<RequestContext> = (shared[key] ??= new AsyncLocalStorage<RequestContext>());

/** A request's context as it starts. */
export function newRequestContext(requestId: string = randomUUID(), userId?: string): RequestContext {
  return { requestId, startedAt: performance.now(), ...(userId && { userId }), sawDatabaseFailure: false, answeredUnavailable: false };
}

/** Records who the current request is from, for its log lines. */
export function noteRequestUser(userId: string): void {
  const context = requestContext.getStore();
  if (context) context.userId = userId;
}
