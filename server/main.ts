// Parley's HTTP server: Next.js behind the anonymous page cache.
//
//   node server/launch.mjs [--dev] [--port 3000] [--hostname 0.0.0.0]   (compiles this file and runs it)
//
// `npm start` and `npm run dev` run this (scripts/support/serve.ts), as do the
// end-to-end tests and the bench. Settings from the environment:
//   PARLEY_PAGE_CACHE_MB  memory for cached anonymous pages (default 64; 0 turns the cache off).
//                         The cache is always off under --dev.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { threadCacheSeconds } from '../lib/articles/cache-tags';
import { registerDataCacheExpiry } from '../lib/cache/data-cache-hook';
import { registerPageCache } from '../lib/cache/page-cache-hook';
import { handleLoggingRefusals, logRefusalsInOneLine, refuseOversizedAction } from './action-refusals';
import { cacheableRequest } from './cacheable-request';
import { loadDataCacheExpiry } from './next-data-cache';
import { PageCache } from './page-cache';
import { StaticAssets } from './static-assets';

const { values: args } = parseArgs({
  options: { dev: { type: 'boolean', default: false }, port: { type: 'string' }, hostname: { type: 'string', default: '0.0.0.0' } },
});
const dev = args.dev ?? false;
const port = Number(args.port ?? process.env.PORT ?? 3000);
const cacheMegabytes = Number(process.env.PARLEY_PAGE_CACHE_MB ?? 64);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${args.port ?? process.env.PORT}".`);
if (!Number.isFinite(cacheMegabytes) || cacheMegabytes < 0) throw new Error(`PARLEY_PAGE_CACHE_MB must be a number of megabytes (0 turns the cache off), not "${process.env.PARLEY_PAGE_CACHE_MB}".`);

async function main() {
  // As `next start` / `next dev` do; Next.js reads it while loading.
  Object.assign(process.env, { NODE_ENV: dev ? 'development' : 'production', PORT: String(port) });
  const { default: next } = await import('next');

  const root = path.resolve(import.meta.dirname, '..');
  const app = next({ dev, dir: root, port, hostname: args.hostname });
  const handle = app.getRequestHandler();
  await app.prepare();
  const dataCacheExpiry = loadDataCacheExpiry();
  if (dataCacheExpiry) registerDataCacheExpiry(dataCacheExpiry);
  else console.warn('This Next.js keeps its data-cache tags elsewhere: changes expire them through /api/internal/revalidate.');

  let pageCache: PageCache | undefined;
  const { distDir, experimental } = (await import('../next.config.js')).default as {
    distDir: string;
    experimental: { serverActions: { bodySizeLimit: number } };
  };
  const staticAssets = dev ? undefined : new StaticAssets(path.join(root, distDir, 'static'));

  logRefusalsInOneLine();
  const server = http.createServer((request, response) => {
    if (staticAssets?.tryServe(request, response)) return;
    if (refuseOversizedAction(request, response, experimental.serverActions.bodySizeLimit)) return;
    const cacheable = pageCache && !pageCache.isFill(request) ? cacheableRequest(request) : null;
    const handled =
      cacheable && pageCache ? pageCache.serve(request, response, cacheable) : handleLoggingRefusals(request, () => handle(request, response));
    handled.catch((error: unknown) => {
      console.error(`Request ${request.method} ${request.url} failed:`, error);
      if (!response.headersSent) {
        response.statusCode = 500;
        response.end('Internal Server Error');
      } else {
        response.destroy();
      }
    });
  });
  if (dev) server.on('upgrade', app.getUpgradeHandler());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, args.hostname, resolve);
  });
  const address = server.address() as AddressInfo;
  // Fills come back to this server over loopback, whatever address it serves.
  const loopback = ['0.0.0.0', '::'].includes(address.address) ? '127.0.0.1' : address.address;

  if (!dev && cacheMegabytes > 0) {
    pageCache = new PageCache({
      origin: `http://${loopback.includes(':') ? `[${loopback}]` : loopback}:${address.port}`,
      maxBytes: cacheMegabytes * 1024 * 1024,
      ttlMs: threadCacheSeconds * 1000,
      staleMs: threadCacheSeconds * 1000,
    });
    registerPageCache(pageCache);
  }

  void staticAssets?.warm();

  console.log(`Parley ${dev ? '(development) ' : ''}ready on http://localhost:${address.port}${pageCache ? ` (page cache ${cacheMegabytes} MB)` : ' (page cache off)'}`);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the server.`);
    setTimeout(() => process.exit(1), 10_000).unref();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await app.close();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, (received) => void stop(received));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
