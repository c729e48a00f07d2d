// Parley's Prometheus metrics (prom-client), scraped at GET /api/metrics
// (lib/metrics/metrics-response.ts; README "Operations").
//
// One registry per process, on globalThis: server/main.ts (compiled on its
// own) counts the requests, Next.js's bundle of lib/ answers the scrape, and
// each loads this module; a registry per module graph would serve counters
// that never move. Nothing here imports the rest of lib/ (the database, the
// environment): the server loads it before either is set up.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the page cache in server/main.ts holds, read when scraped. */
export type PageCacheSize = { entries: number; bytes: number };

export type ParleyMetrics = {
  registry: Registry;
  /** `route` is the route's pattern (`/articles/[slug]`), never the URL: a bounded set of values. */
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  httpInFlight: Gauge;
  pageCacheRequests: Counter<'result'>;
  pageCacheEntries: Gauge;
  pageCacheBytes: Gauge;
  dbPoolConnections: Gauge<'state'>;
  dbPoolWaiting: Gauge;
  eventStreamClients: Gauge<'kind'>;
  jobQueueJobs: Gauge<'queue' | 'state'>;
  /** Set by server/main.ts once its page cache exists. */
  sources: { pageCache?: () => PageCacheSize };
};

function createMetrics(): ParleyMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const sources: ParleyMetrics['sources'] = {};
  return {
    registry,
    sources,
    httpRequests: new Counter({
      name: 'parley_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'parley_http_request_duration_seconds',
      help: 'Time from a request arriving to its response being sent, by method and route pattern (event streams are not timed).',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    httpInFlight: new Gauge({ name: 'parley_http_requests_in_flight', help: 'Requests being answered now (open event streams included).', registers }),
    pageCacheRequests: new Counter({
      name: 'parley_page_cache_requests_total',
      help: 'Requests the HTTP page cache saw, by X-Parley-Cache result: HIT, STALE, MISS, BYPASS.',
      labelNames: ['result'],
      registers,
    }),
    pageCacheEntries: new Gauge({
      name: 'parley_page_cache_entries',
      help: 'Responses stored in the HTTP page cache.',
      registers,
      collect() {
        const size = sources.pageCache?.();
        if (size) this.set(size.entries);
      },
    }),
    pageCacheBytes: new Gauge({
      name: 'parley_page_cache_bytes',
      help: 'Bytes the HTTP page cache holds (bodies, compressed copies, headers), within PARLEY_PAGE_CACHE_MB.',
      registers,
      collect() {
        const size = sources.pageCache?.();
        if (size) this.set(size.bytes);
      },
    }),
    dbPoolConnections: new Gauge({
      name: 'parley_db_pool_connections',
      help: "Connections in the app's PostgreSQL pool (Prisma's pg.Pool), by state: total (at most DATABASE_POOL_MAX), idle.",
      labelNames: ['state'],
      registers,
    }),
    dbPoolWaiting: new Gauge({ name: 'parley_db_pool_waiting_clients', help: 'Queries waiting for a free pool connection.', registers }),
    eventStreamClients: new Gauge({
      name: 'parley_event_stream_clients',
      help: 'Open Server-Sent Events streams on this instance, by kind: comments (an article), moderation, notifications.',
      labelNames: ['kind'],
      registers,
    }),
    jobQueueJobs: new Gauge({
      name: 'parley_job_queue_jobs',
      help: 'Jobs in each pg-boss queue by state: created and retry (waiting), active, failed (kept 14 days). Shared by every instance.',
      labelNames: ['queue', 'state'],
      registers,
    }),
  };
}

const key = Symbol.for('parley.metrics');
const shared = globalThis as unknown as { [key]?: ParleyMetrics };

export const metrics: ParleyMetrics = (shared[key] ??= createMetrics());
