// Scenario 3: the public JSON API of the thread, anonymous, default sort (best):
// the first page of the large thread, a deep page of it (following nextCursor
// 50 pages in, over HTTP), and the first pages of the 10-comment thread and of
// the thread that fills one page (neither has a later page). Each case under
// the same connections, with a browser's Accept-Encoding. In round 1 of a
// full run, also the database transactions per request of each case (two
// 11.5 s waits per case for PostgreSQL's statistics, so not in round 2).
import { type BenchDatabase, type DbWindow, openDbWindow, STATS_FLUSH_MS, type statementCounter } from '../database';
import type { ThreadArticle } from '../fixture';
import { type App, rawRequest } from '../http';
import { type LoadFigures, type LoadTarget, runLoad } from '../load';
import type { BenchOptions } from '../options';
import { cpuMsPer } from '../report/format';
import { sleep } from '../stats';

export type ApiCaseKey = 'large-first' | 'large-deep' | 'small-first' | 'page-first';
export type ApiCase = {
  key: ApiCaseKey;
  label: string;
  path: string;
  items: number;
  pageNumber: number;
  bytes: number;
  load: LoadFigures;
  database?: DbWindow & { requests: number };
};
/** Server CPU per request (ms) of each case in one slice of the interleaved cost pass. */
export type CostSlice = Partial<Record<ApiCaseKey, number>>;
export type ApiFigures = {
  round: number;
  cases: ApiCase[];
  smallHasDeepPage: boolean;
  /** The cases in turn, in short slices: what the cost comparisons are judged on (older reports have none). */
  costSlices?: CostSlice[];
};

/** Slices of the cost pass; each case runs apiSeconds / COST_SLICES in each. */
const COST_SLICES = 4;

/**
 * The cost comparison: every case in turn, in short slices (each slice starting
 * one case later), so that each is measured next to the others under the same
 * machine. Run one after the other for 10 s each, the same case's server CPU
 * per request moved by a quarter between rounds (2026-12-02), more than the
 * differences the targets judge.
 */
async function interleavedCost(app: App, plan: { key: ApiCaseKey; label: string; path: string }[], options: BenchOptions): Promise<CostSlice[]> {
  const slices: CostSlice[] = [];
  for (let i = 0; i < COST_SLICES; i++) {
    const slice: CostSlice = {};
    for (const entry of [...plan.slice(i % plan.length), ...plan.slice(0, i % plan.length)]) {
      const load = await runLoad(`comments API cost, ${entry.label}`, commentsApiTarget(app.base, entry.path), {
        connections: options.connections,
        seconds: options.apiSeconds / COST_SLICES,
        warmupSeconds: 0,
        watched: app,
      });
      slice[entry.key] = cpuMsPer(load.usage, load.requests);
    }
    slices.push(slice);
  }
  return slices;
}

type Page = { items: unknown[]; nextCursor: string | null };
export const commentsApiPath = (slug: string, cursor?: string) => `/api/articles/${slug}/comments${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`;
const headers = { accept: 'application/json' };
/** Under load, what a browser's fetch() sends: the HTTP cache (server/http-cache.ts) answers with the Brotli copy it made once. */
const loadHeaders = { ...headers, 'accept-encoding': 'gzip, deflate, br' };

/** The load: anonymous requests for a page of the API (`commentsApiPath`), as a browser's fetch() sends them. */
export const commentsApiTarget = (base: string, path: string): LoadTarget => ({ url: `${base}${path}`, headers: loadHeaders });

async function getPage(app: App, path: string): Promise<{ page: Page; bytes: number }> {
  const response = await rawRequest(`${app.base}${path}`, { headers });
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}.`);
  return { page: JSON.parse(response.body.toString('utf8')) as Page, bytes: response.body.length };
}

/** Follows nextCursor up to `pages` pages in; the path of the last page reached. */
async function deepPath(app: App, slug: string, pages: number): Promise<{ path: string; pageNumber: number } | undefined> {
  let cursor: string | undefined;
  let pageNumber = 1;
  let next = (await getPage(app, commentsApiPath(slug))).page.nextCursor;
  while (next && pageNumber < pages) {
    cursor = next;
    pageNumber++;
    next = (await getPage(app, commentsApiPath(slug, cursor))).page.nextCursor;
  }
  return cursor ? { path: commentsApiPath(slug, cursor), pageNumber } : undefined;
}

export async function measureCommentsApi(
  app: App,
  db: BenchDatabase,
  { small, large, page }: { small: ThreadArticle; large: ThreadArticle; page: ThreadArticle },
  { options, round, counter, log }: { options: BenchOptions; round: number; counter: Awaited<ReturnType<typeof statementCounter>>; log: (message: string) => void },
): Promise<ApiFigures> {
  const deep = await deepPath(app, large.slug, options.deepPage);
  const smallDeep = await deepPath(app, small.slug, 2);
  const plan: { key: ApiCaseKey; label: string; path: string; pageNumber: number }[] = [
    { key: 'large-first', label: `${large.label}, first page`, path: commentsApiPath(large.slug), pageNumber: 1 },
    ...(deep ? [{ key: 'large-deep' as const, label: `${large.label}, page ${deep.pageNumber}`, path: deep.path, pageNumber: deep.pageNumber }] : []),
    { key: 'small-first', label: `${small.label}, first page`, path: commentsApiPath(small.slug), pageNumber: 1 },
    { key: 'page-first', label: `${page.label}, first page`, path: commentsApiPath(page.slug), pageNumber: 1 },
  ];
  const cases: ApiCase[] = [];
  for (const entry of plan) {
    const { page, bytes } = await getPage(app, entry.path);
    let window: { close: () => Promise<DbWindow> } | undefined;
    const load = await runLoad(`comments API, ${entry.label}`, commentsApiTarget(app.base, entry.path), {
      connections: options.connections,
      seconds: options.apiSeconds,
      warmupSeconds: options.warmupSeconds,
      watched: app,
      beforeMeasure:
        options.smoke || round > 1
          ? undefined
          : async () => {
              await sleep(STATS_FLUSH_MS);
              window = await openDbWindow(db, counter);
            },
    });
    let database: ApiCase['database'];
    if (window) {
      await sleep(STATS_FLUSH_MS);
      database = { ...(await window.close()), requests: load.requests };
    }
    log(
      `Comments API ${entry.label} (round ${round}): ${load.rps.toFixed(0)} req/s, p50 ${load.latency.median.toFixed(1)} ms, p99 ${load.latency.p99.toFixed(1)} ms` +
        `${database ? `, ${(database.counters.xacts / Math.max(1, load.requests)).toFixed(2)} transactions per request` : ''}.`,
    );
    cases.push({ ...entry, items: page.items.length, bytes, load, database });
  }
  const costSlices = await interleavedCost(app, plan, options);
  log(
    `Comments API cost per request (round ${round}, ${COST_SLICES} interleaved slices, ms of server CPU): ${plan
      .map((entry) => `${entry.key} ${costSlices.map((slice) => slice[entry.key]?.toFixed(3)).join('/')}`)
      .join('; ')}.`,
  );
  return { round, cases, smallHasDeepPage: Boolean(smallDeep), costSlices };
}
