// Scenario 9: a cache flood (issue 12). Against the running server, 10,000
// distinct anonymous requests at 4 connections, each with values nobody was
// handed: the article page with a made-up ?cursor=, ?sort=, ?utm_source= or a
// mix of them, and the comments API with made-up cursors (random strings, and
// a real cursor's position with a forged signature: cursors are HMAC-signed,
// so the real one is taken from an API answer, never built here). Before the
// fix, every made-up value became an entry of the page cache and 10,000 of
// them pushed the real page out.
//
// Recorded: the status codes of each kind (pages 200, made-up API cursors 400,
// never a 5xx), the X-Parley-Cache of each kind, the server's memory before,
// during and after, and whether the real article page is still answered from
// the cache (X-Parley-Cache: HIT) right after. The HTTP cache's entry count is
// not readable from outside (no debug endpoint, by design); the X-Parley-Cache
// states show where the made-up requests went instead.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Fixture } from '../fixture';
import { type App, rawRequest } from '../http';
import { monitor, treeRss, type Usage } from '../monitor';
import type { BenchOptions } from '../options';
import { prng, type Random, sleep, type Summary, summarize } from '../stats';
import { pageHeaders } from './article-page';

const apiHeaders = { accept: 'application/json', 'accept-encoding': 'gzip, deflate, br' };

export const floodKinds = {
  'page-cursor': { label: 'article page, made-up ?cursor=', expected: 200 },
  'page-sort': { label: 'article page, made-up ?sort=', expected: 200 },
  'page-utm': { label: 'article page, made-up ?utm_source=', expected: 200 },
  'page-mixed': { label: 'article page, made-up ?cursor=, ?sort=, ?utm_source= mixed', expected: 200 },
  'api-cursor': { label: 'comments API, made-up ?cursor=', expected: 400 },
} as const;
export type FloodKind = keyof typeof floodKinds;

export type FloodKindFigures = {
  kind: FloodKind;
  label: string;
  requests: number;
  expectedStatus: number;
  statuses: Record<string, number>;
  /** X-Parley-Cache of the answers ('none': the request went past the cache, straight to Next.js). */
  cacheStates: Record<string, number>;
  latency: Summary;
};

/** How the real page was answered: X-Parley-Cache, Age, and the shared lifetime its Cache-Control gives (s-maxage). */
export type CacheProbe = { status: number; cacheState: string; age: number; sMaxAge: number };

export type CacheFloodFigures = {
  path: string;
  apiPath: string;
  requests: number;
  distinct: number;
  connections: number;
  seconds: number;
  kinds: FloodKindFigures[];
  /** Answers with a 5xx status. */
  serverErrors: number;
  /** Requests that got no answer (connection error, 30 s timeout). */
  errors: number;
  /** Answers whose status was not the kind's expected one (5xx included). */
  unexpected: number;
  /** Server RSS (process tree) right before the flood and 2 s after it; `usage` samples it throughout. */
  rssBefore: number;
  rssAfter: number;
  usage: Usage;
  /** The real article page (and, for information, the API's first page) right before and right after the flood. */
  realPage: { before: CacheProbe; after: CacheProbe };
  realApi: { before: CacheProbe; after: CacheProbe };
};

const token = (bytes: number) => randomBytes(bytes).toString('base64url');

/** Replaces a signed cursor's signature (after the last dot) with random bytes of the same length. */
function forged(cursor: string): string {
  const dot = cursor.lastIndexOf('.');
  if (dot === -1) return token(24);
  const signature = Buffer.from(cursor.slice(dot + 1), 'base64url');
  return `${cursor.slice(0, dot + 1)}${randomBytes(Math.max(1, signature.length)).toString('base64url')}`;
}

function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** `count` distinct request paths, the kinds in equal shares, shuffled. */
function floodPaths(count: number, pagePath: string, apiPath: string, realCursor: string | null): { kind: FloodKind; path: string }[] {
  const random = prng(20261201);
  const madeUpCursor = () => (realCursor && random.chance(0.5) ? forged(realCursor) : token(random.int(8, 60)));
  const query = (params: [string, string][]) => params.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
  const make: Record<FloodKind, () => string> = {
    'page-cursor': () => `${pagePath}?${query([['cursor', madeUpCursor()]])}`,
    'page-sort': () => `${pagePath}?${query([['sort', token(random.int(3, 12))]])}`,
    'page-utm': () => `${pagePath}?${query([['utm_source', token(random.int(4, 16))]])}`,
    'page-mixed': () => {
      const params: [string, string][] = [];
      if (random.chance(0.5)) params.push(['cursor', madeUpCursor()]);
      if (random.chance(0.7)) params.push(['sort', random.chance(0.3) ? random.pick(['best', 'newest', 'oldest']) : token(6)]);
      params.push(['utm_source', token(8)]);
      if (random.chance(0.5)) params.push(['utm_campaign', token(6)]);
      return `${pagePath}?${query(shuffle(random, params))}`;
    },
    'api-cursor': () => `${apiPath}?${query([['cursor', madeUpCursor()]])}`,
  };
  const kinds = Object.keys(floodKinds) as FloodKind[];
  const seen = new Set<string>();
  const paths: { kind: FloodKind; path: string }[] = [];
  for (let i = 0; paths.length < count; i++) {
    const kind = kinds[i % kinds.length]!;
    const path = make[kind]();
    if (seen.has(path)) continue;
    seen.add(path);
    paths.push({ kind, path });
  }
  return shuffle(random, paths);
}

function get(agent: http.Agent, url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; cacheState: string }>((resolve, reject) => {
    const request = http.get(url, { agent, headers, timeout: 30_000 }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, cacheState: String(response.headers['x-parley-cache'] ?? 'none') }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
  });
}

async function probe(url: string, headers: Record<string, string>): Promise<CacheProbe> {
  const response = await rawRequest(url, { headers });
  const sMaxAge = /(?:^|,)\s*s-maxage=(\d+)/.exec(String(response.headers['cache-control'] ?? ''))?.[1];
  return {
    status: response.status,
    cacheState: String(response.headers['x-parley-cache'] ?? 'none'),
    age: Number(response.headers.age ?? Number.NaN),
    sMaxAge: sMaxAge === undefined ? Number.NaN : Number(sMaxAge),
  };
}

/**
 * The page as the cache holds it before the flood: fresh (HIT). A first
 * request may fill it (MISS) or find it past its lifetime (STALE, refreshed
 * in the background), so ask again for a moment until it is a HIT.
 */
async function freshHit(url: string, headers: Record<string, string>): Promise<CacheProbe> {
  let seen = await probe(url, headers);
  for (let i = 0; i < 20 && seen.cacheState !== 'HIT'; i++) {
    await sleep(250);
    seen = await probe(url, headers);
  }
  return seen;
}

export async function measureCacheFlood(app: App, fixture: Fixture, options: BenchOptions, log: (message: string) => void): Promise<CacheFloodFigures> {
  const pagePath = `/articles/${fixture.large.slug}`;
  const apiPath = `/api/articles/${fixture.large.slug}/comments`;
  const firstApiPage = await rawRequest(`${app.base}${apiPath}`, { headers: { accept: 'application/json' } });
  const realCursor = firstApiPage.status === 200 ? ((JSON.parse(firstApiPage.body.toString('utf8')) as { nextCursor: string | null }).nextCursor ?? null) : null;
  const paths = floodPaths(options.floodRequests, pagePath, apiPath, realCursor);

  const realPageBefore = await freshHit(`${app.base}${pagePath}`, pageHeaders);
  const realApiBefore = await freshHit(`${app.base}${apiPath}`, apiHeaders);
  await sleep(1000);
  const rssBefore = (await treeRss(app.pid)).bytes;
  log(
    `Cache flood: ${paths.length} made-up URLs at ${options.floodConnections} connections (real page before: ${realPageBefore.cacheState}, Age ${realPageBefore.age} s; server ${(rssBefore / 1024 / 1024).toFixed(0)} MB)...`,
  );

  const agent = new http.Agent({ keepAlive: true, maxSockets: options.floodConnections });
  const byKind = new Map<FloodKind, { statuses: Record<string, number>; cacheStates: Record<string, number>; latencies: number[]; requests: number }>();
  let errors = 0;
  let next = 0;
  const watch = monitor(app);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.floodConnections }, async () => {
      while (next < paths.length) {
        const { kind, path } = paths[next++]!;
        const figures = byKind.get(kind) ?? { statuses: {}, cacheStates: {}, latencies: [], requests: 0 };
        byKind.set(kind, figures);
        figures.requests++;
        const t0 = performance.now();
        try {
          const answer = await get(agent, `${app.base}${path}`, kind === 'api-cursor' ? apiHeaders : pageHeaders);
          figures.latencies.push(performance.now() - t0);
          figures.statuses[answer.status] = (figures.statuses[answer.status] ?? 0) + 1;
          figures.cacheStates[answer.cacheState] = (figures.cacheStates[answer.cacheState] ?? 0) + 1;
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  // Right after: before anything else asks for the page.
  const realPageAfter = await probe(`${app.base}${pagePath}`, pageHeaders);
  const realApiAfter = await probe(`${app.base}${apiPath}`, apiHeaders);
  const usage = await watch.stop();
  await sleep(2000);
  const rssAfter = (await treeRss(app.pid)).bytes;

  const kinds = (Object.keys(floodKinds) as FloodKind[]).map((kind): FloodKindFigures => {
    const figures = byKind.get(kind) ?? { statuses: {}, cacheStates: {}, latencies: [], requests: 0 };
    return {
      kind,
      label: floodKinds[kind].label,
      requests: figures.requests,
      expectedStatus: floodKinds[kind].expected,
      statuses: figures.statuses,
      cacheStates: figures.cacheStates,
      latency: summarize(figures.latencies),
    };
  });
  const count = (test: (status: number, kind: FloodKindFigures) => boolean) =>
    kinds.reduce(
      (sum, kind) =>
        sum +
        Object.entries(kind.statuses)
          .filter(([status]) => test(Number(status), kind))
          .reduce((n, [, k]) => n + k, 0),
      0,
    );
  const serverErrors = count((status) => status >= 500);
  const unexpected = count((status, kind) => status !== kind.expectedStatus);
  log(
    `Cache flood: ${paths.length} requests in ${seconds.toFixed(1)} s, ${serverErrors} 5xx, ${unexpected} unexpected statuses, ${errors} errors; ` +
      `the real page afterwards: ${realPageAfter.cacheState} (Age ${realPageAfter.age} s); server ${(rssBefore / 1024 / 1024).toFixed(0)} → ${(rssAfter / 1024 / 1024).toFixed(0)} MB (peak ${(usage.peakRss / 1024 / 1024).toFixed(0)} MB).`,
  );
  return {
    path: pagePath,
    apiPath,
    requests: paths.length,
    distinct: new Set(paths.map((p) => p.path)).size,
    connections: options.floodConnections,
    seconds,
    kinds,
    serverErrors,
    errors,
    unexpected,
    rssBefore,
    rssAfter,
    usage,
    realPage: { before: realPageBefore, after: realPageAfter },
    realApi: { before: realApiBefore, after: realApiAfter },
  };
}
