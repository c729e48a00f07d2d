// Scenario 1: the anonymous article page (the large thread's, with its first
// comments), 50 connections for 20 s, and the database work it causes: every
// transaction on the bench database in the measured window (pg_stat_database,
// read after the app's backends flushed their counters), plus every logged
// statement when the bench runs its own embedded PostgreSQL.
//
// An anonymous reader's request has no session cookie: next.config.js
// rewrites it to the shared page (app/(public)/cached/...), and the HTTP
// cache in front of Next.js (server/http-cache.ts) answers it from memory
// (`X-Parley-Cache: HIT`), the first request after a start or an expiry
// aside. Requests carry the headers a browser sends, `Accept-Encoding: gzip,
// deflate, br` included: every reader's browser asks for a compressed page,
// and the HTTP cache compresses each page once (not per request), so the
// bytes on the wire are what a reader costs. One shorter run without
// Accept-Encoding shows what a client that cannot decompress costs.
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { type BenchDatabase, type DbWindow, openDbWindow, STATS_FLUSH_MS, statementCounter } from '../database';
import type { ThreadArticle } from '../fixture';
import { type App, rawRequest } from '../http';
import { type LoadFigures, type LoadTarget, runLoad } from '../load';
import type { BenchOptions } from '../options';
import { sleep } from '../stats';

export const pageHeaders = { accept: 'text/html,application/xhtml+xml', 'accept-encoding': 'gzip, deflate, br' };
const uncompressedHeaders = { accept: pageHeaders.accept };

/** The load: an anonymous reader's request for the article page, as a browser sends it. */
export const articlePageTarget = (base: string, slug: string): LoadTarget => ({ url: `${base}/articles/${slug}`, headers: pageHeaders });

export function decoded(body: Buffer, encoding: string | string[] | undefined): Buffer {
  if (encoding === 'br') return brotliDecompressSync(body);
  if (encoding === 'gzip') return gunzipSync(body);
  return body;
}

export type ArticlePageFigures = {
  round: number;
  path: string;
  /** The first request after the server started (round 1 only): fills the caches. */
  cold?: { ms: number; status: number };
  status: number;
  /** X-Parley-Cache of the request just before the load (HIT: from the HTTP cache's memory). */
  cacheState: string;
  titleFound: boolean;
  htmlBytes: number;
  /** What gzip at level 6 makes of the same HTML (for scale). */
  gzipBytes: number;
  /** What the measured requests received: the page as the server compressed it, and how. */
  transferBytes: number;
  encoding: string;
  load: LoadFigures;
  /** Round 1 only, shorter: the same page without Accept-Encoding. */
  uncompressedLoad?: LoadFigures;
  /**
   * Not counted with --smoke (it needs two 11.5 s waits for PostgreSQL's statistics).
   * `pageAge`: the page's Age in the HTTP cache right after the load; under
   * `windowSeconds` means its lifetime (articleCacheLife.revalidate) ran out
   * during the window and it was fetched, and rendered, again.
   */
  database?: DbWindow & { requests: number; pageAge: number; windowSeconds: number };
};

type StatementCounter = Awaited<ReturnType<typeof statementCounter>>;

export async function measureArticlePage(
  app: App,
  db: BenchDatabase,
  article: ThreadArticle,
  {
    options,
    round,
    counter,
    whileFlushing,
    log,
  }: {
    options: BenchOptions;
    round: number;
    counter: StatementCounter;
    /** Work that touches no database, run while PostgreSQL's statistics settle after the load (the ceiling). */
    whileFlushing?: () => Promise<void>;
    log: (message: string) => void;
  },
): Promise<ArticlePageFigures> {
  const target = articlePageTarget(app.base, article.slug);
  const { url } = target;
  const path = new URL(url).pathname;
  const cold = round === 1 ? await rawRequest(url, { headers: pageHeaders }) : undefined;
  const once = await rawRequest(url, { headers: pageHeaders });
  const encoding = String(once.headers['content-encoding'] ?? 'identity');
  const body = decoded(once.body, once.headers['content-encoding']);
  const html = body.toString('utf8');
  const countDb = !options.smoke;
  let window: { close: () => Promise<DbWindow> } | undefined;
  let windowOpened = 0;
  const load = await runLoad(`article page, ${article.label}`, target, {
    connections: options.connections,
    seconds: options.pageSeconds,
    warmupSeconds: options.warmupSeconds,
    watched: app,
    beforeMeasure: countDb
      ? async () => {
          log(`Waiting ${STATS_FLUSH_MS / 1000} s for PostgreSQL to flush the app's statistics...`);
          await sleep(STATS_FLUSH_MS);
          window = await openDbWindow(db, counter);
          windowOpened = performance.now();
        }
      : undefined,
  });
  log(
    `Article page (round ${round}): ${load.rps.toFixed(0)} req/s, p50 ${load.latency.median.toFixed(1)} ms, p99 ${load.latency.p99.toFixed(1)} ms, ${load.errors + load.non2xx} errors.`,
  );
  let database: ArticlePageFigures['database'];
  if (window) {
    const loadEnded = performance.now();
    const after = await rawRequest(url, { headers: pageHeaders });
    const pageAge = Number(after.headers.age ?? Number.NaN);
    const windowSeconds = (performance.now() - windowOpened) / 1000;
    await whileFlushing?.();
    await sleep(Math.max(0, STATS_FLUSH_MS - (performance.now() - loadEnded)));
    database = { ...(await window.close()), requests: load.requests, pageAge, windowSeconds };
    log(
      `Database work during the article page load: ${database.counters.xacts} transactions for ${load.requests} requests (the page's Age afterwards: ${pageAge} s).`,
    );
  } else {
    await whileFlushing?.();
  }
  const uncompressedLoad =
    round === 1
      ? await runLoad(
          `article page, ${article.label}, uncompressed`,
          { url, headers: uncompressedHeaders },
          {
            connections: options.connections,
            seconds: Math.max(2, Math.round(options.pageSeconds / 4)),
            warmupSeconds: options.warmupSeconds,
            watched: app,
          },
        )
      : undefined;
  return {
    round,
    path,
    cold: cold && { ms: cold.ms, status: cold.status },
    status: once.status,
    cacheState: String(once.headers['x-parley-cache'] ?? 'none'),
    titleFound: html.includes(article.title.replace(/&/g, '&amp;')),
    htmlBytes: body.length,
    gzipBytes: gzipSync(body, { level: 6 }).length,
    transferBytes: once.body.length,
    encoding,
    load,
    uncompressedLoad,
    database,
  };
}
