// Parley's HTTP server: Next.js behind the shared HTTP cache of anonymous pages.
//
//   node server/launch.mjs [--dev] [--port 3000] [--hostname 0.0.0.0]   (compiles this file and runs it)
//
// `npm start` and `npm run dev` run this (scripts/support/serve.ts), as do the
// end-to-end tests and the bench. Settings from the environment:
//   PARLEY_PAGE_CACHE_MB  memory for cached anonymous pages (default 64; 0 turns the cache off).
//                         The cache is always off under --dev.
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cacheKeyOf, normalizeCacheableRequest } from '../lib/cache/cacheable-request';
import { formPostRenders } from '../lib/cache/incremental-cache-handler.mjs';
import { ALL_TAGS, onTagsExpired } from '../lib/cache/tag-expiry.mjs';
import { DATABASE_RETRY_AFTER_SECONDS, inRequestScope, isDatabaseUnavailable, type RequestScope } from '../lib/database-unavailable';
import { serverActionBodyLimit } from '../lib/server-action-body-limit.cjs';
import { runShutdownHooks } from '../lib/shutdown-hooks';
import { handleLoggingRefusals, logRefusalsInOneLine, refuseOversizedAction } from './action-refusals';
import { policyOptionsFor, withContentSecurityPolicy } from './csp-response';
import { HttpCache } from './http-cache';
import { StaticAssets } from './static-assets';

const { values: args } = parseArgs({
  options: { dev: { type: 'boolean', default: false }, port: { type: 'string' }, hostname: { type: 'string', default: '0.0.0.0' } },
});
const dev = args.dev ?? false;
const port = Number(args.port ?? process.env.PORT ?? 3000);
const cacheMegabytes = Number(process.env.PARLEY_PAGE_CACHE_MB ?? 64);
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
  /** Set on SIGTERM: every answer from then on closes its connection (below). */
  let stopping = false;
  const handleRequest = (request: http.IncomingMessage, response: http.ServerResponse) => {
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
      console.error(`Request ${request.method} ${request.url} failed:`, error);
      if (!response.headersSent) {
        const unavailable = isDatabaseUnavailable(error);
        response.statusCode = unavailable ? 503 : 500;
        if (unavailable) response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
        response.end(unavailable ? 'Service Unavailable' : 'Internal Server Error');
      } else {
        response.destroy();
      }
    });
  };
  const server = http.createServer((request, response) => {
    // Stopping: a request that still arrives on a kept-alive connection (nginx
    // reuses its pool) is answered, and the connection then closed, so that
    // server.close() below can finish and the proxy sends the next request to
    // another instance instead of to one about to exit.
    if (stopping) response.setHeader('Connection', 'close');
    if (staticAssets?.tryServe(request, response)) return;
    inRequestScope((scope) => {
      answerUnavailableWith503(response, scope);
      handleRequest(request, response);
    });
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
    // Expiries made here or on another instance (lib/cache/tag-expiry.mjs) drop the pages made from that data.
    onTagsExpired((tags) => (tags === ALL_TAGS ? cache.purgeAll() : cache.purgeTags(tags)));
  }

  void staticAssets?.warm();

  console.log(
    `Parley ${dev ? '(development) ' : ''}ready on http://localhost:${address.port}${pageCache ? ` (page cache ${cacheMegabytes} MB)` : ' (page cache off)'}`,
  );

  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the server.`);
    setTimeout(() => process.exit(1), 10_000).unref();
    // The in-process job worker (lib/server-start.ts) finishes its running jobs meanwhile.
    const hooks = runShutdownHooks();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await app.close();
    await hooks;
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, (received) => void stop(received));
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
 * of its queries failed for want of the database, and a form action's 200
 * whose state says so (the composer keeps the text). Next.js sets the status
 * as it writes the head, after the marks, so the rewrite happens there.
 */
function answerUnavailableWith503(response: http.ServerResponse, scope: RequestScope) {
  const writeHead = response.writeHead.bind(response) as (statusCode: number, ...rest: unknown[]) => http.ServerResponse;
  response.writeHead = (statusCode: number, ...rest: unknown[]) => {
    const unavailable = (statusCode === 500 && scope.sawDatabaseFailure) || (statusCode === 200 && scope.answeredUnavailable);
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
  console.error(error);
  process.exit(1);
});
