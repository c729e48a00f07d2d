// Parley's HTTP server: Next.js behind the shared HTTP cache of anonymous pages.
//
//   node server/launch.mjs [--dev] [--port 3000] [--hostname 0.0.0.0]   (compiles this file and runs it)
//
// `npm start` and `npm run dev` run this (scripts/support/serve.ts), as do the
// end-to-end tests and the bench. Settings from the environment:
//   PARLEY_PAGE_CACHE_MB  memory for cached anonymous pages (default 64; 0 turns the cache off).
//                         The cache is always off under --dev.
//
// Every request leaves one log line and its metrics (server/request-telemetry.ts).
// On SIGTERM or SIGINT the server drains (README "Operations"): it stops
// listening, answers what it has, tells event-stream readers to reconnect
// elsewhere, lets the job worker finish its running jobs, and exits 0, or 1
// if that took longer than SHUTDOWN_DEADLINE_MS.
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sessionHintSetCookie } from '../lib/auth/session-hint-cookie';
import { cacheKeyOf, normalizeCacheableRequest } from '../lib/cache/cacheable-request';
import { formPostRenders } from '../lib/cache/incremental-cache-handler.mjs';
import { ALL_TAGS, onTagsExpired } from '../lib/cache/tag-expiry.mjs';
import { DATABASE_RETRY_AFTER_SECONDS, failedForWantOfDatabase, isDatabaseUnavailable } from '../lib/database-unavailable';
import { flushLog, logFor, setLogLevel } from '../lib/log';
import { metrics } from '../lib/metrics/registry';
import { type RequestContext, requestContext } from '../lib/request-context';
import { serverActionBodyLimit } from '../lib/server-action-body-limit.cjs';
import { runShutdownHooks } from '../lib/shutdown-hooks';
import { handleLoggingRefusals, logRefusalsInOneLine, refuseOversizedAction } from './action-refusals';
import { policyOptionsFor, withContentSecurityPolicy } from './csp-response';
import { HttpCache } from './http-cache';
import { observeRequest, routeLabeler } from './request-telemetry';
import { StaticAssets } from './static-assets';

const { values: args } = parseArgs({
  options: { dev: { type: 'boolean', default: false }, port: { type: 'string' }, hostname: { type: 'string', default: '0.0.0.0' } },
});
const dev = args.dev ?? false;
const port = Number(args.port ?? process.env.PORT ?? 3000);
const cacheMegabytes = Number(process.env.PARLEY_PAGE_CACHE_MB ?? 64);
/** Within the 10 s an orchestrator (docker stop, Kubernetes, the tests) gives before it kills. */
const SHUTDOWN_DEADLINE_MS = 9_500;
const log = logFor('server');
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${args.port ?? process.env.PORT}".`);
if (!Number.isFinite(cacheMegabytes) || cacheMegabytes < 0)
  throw new Error(`PARLEY_PAGE_CACHE_MB must be a number of megabytes (0 turns the cache off), not "${process.env.PARLEY_PAGE_CACHE_MB}".`);

async function main() {
  // As `next start` / `next dev` do; Next.js reads it while loading.
  Object.assign(process.env, { NODE_ENV: dev ? 'development' : 'production', PORT: String(port) });
  const root = path.resolve(import.meta.dirname, '..');
  applyStandaloneConfig(root);
  const { default: next } = await import('next');

  const app = next({ dev, dir: root, port, hostname: args.hostname });
  const nextHandle = app.getRequestHandler();
  await app.prepare();

  let pageCache: HttpCache | undefined;
  // As next.config.js sets it (not imported: it is Next's to load).
  const distDir = process.env.PARLEY_DIST_DIR || '.next';
  const staticAssets = dev ? undefined : new StaticAssets(path.join(root, distDir, 'static'));
  // Every HTML page gets the Content-Security-Policy of its own bytes, and every
  // response is compressed, on the response Next.js makes: the page cache fills
  // through `handle`, so it stores each page with its policy. Not under --dev,
  // whose scripts carry no integrity and where React needs eval.
  const handle = dev ? nextHandle : withContentSecurityPolicy(nextHandle, await policyOptionsFor(path.join(root, distDir)));

  logRefusalsInOneLine();
  const routeOf = routeLabeler(path.join(root, dev ? path.join(distDir, 'dev') : distDir));
  /** Set on SIGTERM: a request still arriving on a kept-alive connection is answered, and the connection closed after it. */
  let stopping = false;
  /** Responses not yet done: on SIGTERM, those whose headers are still to go say `Connection: close`. */
  const inFlight = new Set<http.ServerResponse>();
  const handleRequest = (request: http.IncomingMessage, response: http.ServerResponse, context: RequestContext) => {
    if (refuseOversizedAction(request, response, serverActionBodyLimit)) return;
    const normalized = pageCache && !pageCache.isFill(request) ? normalizeCacheableRequest(request) : null;
    // Next.js answers exactly the URL the answer is kept under.
    if (normalized) request.url = normalized;
    const key = normalized ? cacheKeyOf(normalized, request.headers['x-forwarded-proto']) : undefined;
    const toNext = () =>
      handleLoggingRefusals(request, () =>
        isFormPostWithoutScript(request) ? formPostRenders.run(true, () => handle(request, response)) : handle(request, response),
      );
    // The cache answers only what the response's own headers let it share; it declines the rest.
    const handled = key !== undefined && pageCache ? pageCache.serve(request, response, key).then((served) => (served ? undefined : toNext())) : toNext();
    handled.catch((error: unknown) => {
      // Answered first: nothing the logger does may leave the reader waiting.
      if (!response.headersSent) {
        const unavailable = isDatabaseUnavailable(error);
        response.statusCode = unavailable ? 503 : 500;
        if (unavailable) response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
        response.end(unavailable ? 'Service Unavailable' : 'Internal Server Error');
      } else {
        response.destroy();
      }
      log.error({ event: 'request.failed', reqId: context.requestId, method: request.method, err: error }, 'A request failed');
    });
  };
  const server = http.createServer((request, response) => {
    // Stopping: a request that still arrives on a kept-alive connection (nginx
    // reuses its pool) is answered, and the connection then closed, so that
    // server.close() below can finish and the proxy sends the next request to
    // another instance instead of to one about to exit.
    if (stopping) response.setHeader('connection', 'close');
    inFlight.add(response);
    response.once('close', () => inFlight.delete(response));
    const context = observeRequest(request, response, { routeOf, internal: pageCache?.isFill(request) ?? false });
    if (staticAssets?.tryServe(request, response)) return;
    const hint = sessionHintSetCookie(request.headers.cookie);
    if (hint) response.appendHeader('set-cookie', hint);
    answerUnavailableWith503(response, context);
    requestContext.run(context, () => handleRequest(request, response, context));
  });
  if (dev) {
    const upgrade = app.getUpgradeHandler();
    server.on('upgrade', (request, socket, head) => void upgrade(request, socket, head));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, args.hostname, resolve);
  });
  const address = server.address() as AddressInfo;
  // Fills come back to this server over loopback, whatever address it serves.
  const loopback = ['0.0.0.0', '::'].includes(address.address) ? '127.0.0.1' : address.address;

  if (!dev && cacheMegabytes > 0) {
    const cache = new HttpCache({
      origin: `http://${loopback.includes(':') ? `[${loopback}]` : loopback}:${address.port}`,
      maxBytes: cacheMegabytes * 1024 * 1024,
    });
    pageCache = cache;
    metrics.sources.pageCache = () => cache.stats();
    // Expiries made here or on another instance (lib/cache/tag-expiry.mjs) drop the pages made from that data.
    onTagsExpired((tags) => (tags === ALL_TAGS ? cache.purgeAll() : cache.purgeTags(tags)));
  }

  void staticAssets?.warm();

  // LOG_LEVEL as lib/env.ts validated it (Next.js's instrumentation has read it already:
  // imported only now, once PORT and NODE_ENV are set for it).
  const { env } = await import('../lib/env');
  setLogLevel(env.LOG_LEVEL);
  log.info(
    { event: 'server.ready', port: address.port, dev, pageCacheMb: pageCache ? cacheMegabytes : 0 },
    `Parley ${dev ? '(development) ' : ''}ready on http://localhost:${address.port}${pageCache ? ` (page cache ${cacheMegabytes} MB)` : ' (page cache off)'}`,
  );

  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const response of inFlight) if (!response.headersSent) response.setHeader('connection', 'close');
    const started = performance.now();
    // No new connections from here on; the server closes once the open ones are done.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    setTimeout(() => {
      log.error({ event: 'server.stop_timeout', ms: SHUTDOWN_DEADLINE_MS }, `Not stopped within ${SHUTDOWN_DEADLINE_MS} ms: exiting anyway.`);
      void flushLog().finally(() => process.exit(1));
    }, SHUTDOWN_DEADLINE_MS).unref();
    log.info({ event: 'server.stopping', signal, openConnections: await openConnections(server) }, `${signal}: stopping the server.`);
    // Connections between requests close now, and the rest as their responses end
    // (a browser or nginx holding one open would otherwise keep the server up).
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    // Ends the event streams (their readers reconnect elsewhere) and stops the job worker, which finishes its running jobs.
    const hooks = runShutdownHooks();
    await closed;
    clearInterval(sweep);
    await app.close();
    await hooks;
    log.info({ event: 'server.stopped', ms: Math.round(performance.now() - started) }, 'Stopped.');
    await flushLog();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, (received) => void stop(received));
}

/** Connections still open: what the shutdown waits for. */
function openConnections(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.getConnections((error, count) => resolve(error ? -1 : count)));
}

/**
 * A standalone build (the Docker image) has no next.config.js: the config it was
 * built with is in the build, and Next.js reads it from this variable, as the
 * standalone output's own server.js does.
 */
function applyStandaloneConfig(root: string) {
  if (existsSync(path.join(root, 'next.config.js'))) return;
  const distDir = process.env.PARLEY_DIST_DIR || '.next';
  const { config } = JSON.parse(readFileSync(path.join(root, distDir, 'required-server-files.json'), 'utf8')) as { config: unknown };
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
}

/**
 * A request that failed because the database is unavailable is answered 503
 * with Retry-After (lib/database-unavailable.ts): an error page's 500 when one
 * of its queries, or lately any of this process's, failed for want of the database, and a form action's 200
 * whose state says so (the composer keeps the text). Next.js sets the status
 * as it writes the head, after the marks, so the rewrite happens there.
 */
function answerUnavailableWith503(response: http.ServerResponse, scope: RequestContext) {
  const writeHead = response.writeHead.bind(response) as (statusCode: number, ...rest: unknown[]) => http.ServerResponse;
  response.writeHead = (statusCode: number, ...rest: unknown[]) => {
    const unavailable = (statusCode === 500 && failedForWantOfDatabase(scope)) || (statusCode === 200 && scope.answeredUnavailable);
    if (!unavailable) return writeHead(statusCode, ...rest);
    response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    response.setHeader('Cache-Control', 'no-store');
    // The reason phrase, if one was given, was the old status's.
    return writeHead(503, ...(typeof rest[0] === 'string' ? rest.slice(1) : rest));
  };
}

/**
 * A form a browser posted itself (no JavaScript, so no Next-Action header):
 * its page must be rendered whole to show the form's result (see
 * formPostRenders in lib/cache/incremental-cache-handler.mjs).
 */
function isFormPostWithoutScript(request: http.IncomingMessage): boolean {
  const type = request.headers['content-type'] ?? '';
  return request.method === 'POST' && request.headers['next-action'] === undefined && /^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(type);
}

main().catch((error: unknown) => {
  log.fatal({ event: 'server.failed', err: error }, 'The server could not start');
  void flushLog().finally(() => process.exit(1));
});
