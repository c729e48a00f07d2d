// What each request leaves behind: one log line and its metrics. Pages the
// page cache answers from memory are logged at debug (see below), the rest at info.
//
//   {"level":"info",…,"concern":"http","event":"request","reqId":"4f0c…","method":"GET","path":"/articles/x?sort=newest",
//    "route":"/articles/[slug]","status":200,"ms":0.4,"cache":"HIT"}
//
// The request id is nginx's X-Request-Id when it sent a well-formed one, else
// a new UUID; the response echoes it, and the page cache's fill of a miss
// carries it to Next.js, so the fill's lines share it. The user id (never an
// email) is the one lib/auth/current-user.ts noted in the request's context.
// Query values that may be credentials (the reset, verification and
// unsubscribe links' `token`, a sign-in provider's `code` and `state`) are
// logged as [redacted]; lib/log.ts masks anything shaped like an email.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { logFor } from '../lib/log';
import { metrics } from '../lib/metrics/registry';
import { newRequestContext, type RequestContext } from '../lib/request-context';

const log = logFor('http');

/** What nginx's $request_id looks like (32 hex digits), a UUID, or any similar token: nothing that could forge a log line. */
const wellFormedRequestId = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && wellFormedRequestId.test(header) ? header : randomUUID();
}

const secretParameter = /token|secret|passw|signature|session|^code$|^state$|^key$|api[-_]?key|^sig$|^auth$|email/i;

/** The request target for the log: the path, and the query with every value that may be a credential redacted. */
export function loggablePath(url: string | undefined): string {
  const target = url ?? '/';
  const queryAt = target.indexOf('?');
  if (queryAt === -1) return target;
  const query = new URLSearchParams(target.slice(queryAt + 1));
  for (const [name] of query) if (secretParameter.test(name)) query.set(name, '[redacted]');
  const rest = query.toString().replaceAll('%5Bredacted%5D', '[redacted]');
  return rest ? `${target.slice(0, queryAt)}?${rest}` : target.slice(0, queryAt);
}

const methods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export type RouteOf = (pathname: string) => string;

type ManifestRoute = { page: string; regex: string };

/**
 * The route pattern a path belongs to, from the build's routes manifest
 * (`/articles/[slug]`, `/api/articles/[slug]/events`): the metrics' `route`
 * label, one of a fixed set whatever URLs arrive. Build files are
 * `/_next/static`; anything else Next.js has no route for is `(unmatched)`.
 */
export function routeLabeler(distDir: string): RouteOf {
  let staticRoutes = new Set<string>();
  let dynamicRoutes: { page: string; pattern: RegExp }[] = [];
  try {
    const manifest = JSON.parse(readFileSync(path.join(distDir, 'routes-manifest.json'), 'utf8')) as {
      staticRoutes?: ManifestRoute[];
      dynamicRoutes?: ManifestRoute[];
    };
    staticRoutes = new Set((manifest.staticRoutes ?? []).map((route) => route.page));
    dynamicRoutes = (manifest.dynamicRoutes ?? []).map((route) => ({ page: route.page, pattern: new RegExp(route.regex) }));
  } catch {
    // No build manifest (development before the first compile): every route is unmatched.
  }
  return (pathname) => {
    if (staticRoutes.has(pathname)) return pathname;
    if (pathname.startsWith('/_next/static/')) return '/_next/static';
    if (pathname.startsWith('/_next/')) return '/_next';
    for (const route of dynamicRoutes) if (route.pattern.test(pathname)) return route.page;
    return '(unmatched)';
  };
}

export type ObserveOptions = {
  routeOf: RouteOf;
  /** The page cache's own request for a miss: logged at debug under the reader's id, not counted again. */
  internal: boolean;
};

/**
 * Starts observing a request: settles its id (set on the request, for a fill
 * to pass on, and on the response) and, when the response is done or the
 * connection closed, writes its line and counts it. Returns the request's
 * context for lib/request-context.ts.
 */
export function observeRequest(request: IncomingMessage, response: ServerResponse, { routeOf, internal }: ObserveOptions): RequestContext {
  const requestId = requestIdOf(request.headers['x-request-id']);
  request.headers['x-request-id'] = requestId;
  response.setHeader('x-request-id', requestId);
  const context = newRequestContext(requestId);
  const started = context.startedAt;
  const method = request.method ?? 'GET';
  const url = request.url;
  if (!internal) metrics.httpInFlight.inc();

  response.once('close', () => {
    const seconds = (performance.now() - started) / 1000;
    const status = response.statusCode;
    const cache = response.getHeader('x-parley-cache') as string | undefined;
    const queryAt = url?.indexOf('?') ?? -1;
    const route = routeOf(queryAt === -1 ? (url ?? '/') : url!.slice(0, queryAt));
    const fields = {
      event: 'request',
      reqId: requestId,
      method,
      path: loggablePath(url),
      route,
      status,
      ms: Math.round(seconds * 10_000) / 10,
      ...(cache && { cache }),
      ...(context.userId && { userId: context.userId }),
      // The reader left (or the connection broke) before the whole response was sent.
      ...(!response.writableFinished && { aborted: true }),
    };
    if (internal) return log.debug(fields);
    metrics.httpInFlight.dec();
    const methodLabel = methods.has(method) ? method : 'other';
    metrics.httpRequests.inc({ method: methodLabel, route, status: String(status) });
    // An event stream lasts as long as its reader stays: not a latency.
    if (!String(response.getHeader('content-type') ?? '').startsWith('text/event-stream')) metrics.httpDuration.observe({ method: methodLabel, route }, seconds);
    if (cache) metrics.pageCacheRequests.inc({ result: cache });
    if (status >= 500) log.error(fields);
    // A page answered from memory costs ~200 µs of CPU and its line ~8 µs more
    // (4-5%): counted above, logged only at debug. Everything else at info.
    else if (cache === 'HIT' || cache === 'STALE') log.debug(fields);
    else log.info(fields);
  });
  return context;
}
