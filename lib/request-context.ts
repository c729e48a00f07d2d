// What the log knows of the request being handled: its id (from nginx's
// X-Request-Id, or made by server/main.ts) and, once the session is read,
// the signed-in user's id (never their email). server/main.ts runs each
// request in it; lib/log.ts adds it to every line written meanwhile, and the
// request's own line reads the user id from it when the response is done.
//
// On globalThis: server/main.ts and Next.js's bundle of lib/ each load this
// module, and must share one store for the context to reach the page code.
import { AsyncLocalStorage } from 'node:async_hooks';

export type RequestContext = { readonly requestId: string; userId?: string };

const key = Symbol.for('parley.requestContext');
const shared = globalThis as unknown as { [key]?: AsyncLocalStorage<RequestContext> };

export const requestContext: AsyncLocalStorage<RequestContext> = (shared[key] ??= new AsyncLocalStorage<RequestContext>());

/** Records who the current request is from, for its log lines. */
export function noteRequestUser(userId: string): void {
  const context = requestContext.getStore();
  if (context) context.userId = userId;
}
