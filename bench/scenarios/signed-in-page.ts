// Scenario 8: the article page for signed-in readers (issue 12). Since the
// shared-page change a signed-in reader gets the same cached HTML as everyone
// (app/(public)/cached/articles/..., answered by the HTTP cache whatever the
// cookie), and the page's script asks GET /api/viewer?article=<slug> for the
// reader's own part (header, their comments' buttons, reactions, held
// comments): both are measured, 50 connections for 20 s each, every request
// with the session cookie of a real reader: the established readers who wrote
// the thread and reacted in it, their cookies minted as the posting scenario
// mints its writers' (session.ts). Every connection goes through the readers in
// turn, so what is measured is not one reader's data read again and again.
//
// Before the load, one pair of requests per reader checks that the cookie
// works: /api/viewer names the reader, and the page is the shared one.
import type { Fixture } from '../fixture';
import { type App, rawRequest } from '../http';
import { type LoadFigures, type LoadTarget, runLoad } from '../load';
import type { BenchOptions } from '../options';
import { sessionCookies } from '../session';
import { decoded, pageHeaders } from './article-page';

/**
 * The same page before issue 12, for comparison (not measured again: that
 * code is gone): measured on 2026-11-27 side by side with that day's full
 * run, with the page cache off so that every request was rendered, as a
 * signed-in reader's always is: 50 connections.
 */
export const signedInBefore = {
  measured: '2026-11-27',
  how: 'measured side by side with the page cache off',
  connections: 50,
  rps: 26.6,
  p99Ms: 2900,
  /** "~35 ms": server CPU per view. */
  cpuMsPerView: 35,
} as const;

/** Distinct readers whose cookies the connections cycle through (at most the fixture's readers). */
const READERS = 50;

export type SignedInPageFigures = {
  round: number;
  path: string;
  readers: number;
  /** What each reader's first requests answered (the viewer must be signed in, or the scenario stops). */
  check: {
    status: number;
    cacheControl: string;
    cacheState: string;
    htmlBytes: number;
    transferBytes: number;
    encoding: string;
    viewerCacheControl: string;
    viewerBytes: number;
  };
  load: LoadFigures;
  /** Server CPU time (the process tree, from /proc) per response of the load, in ms. */
  cpuMsPerRequest: number;
  /** The same for GET /api/viewer?article=<slug>, the reader's part of the page. */
  viewer: { path: string; load: LoadFigures; cpuMsPerRequest: number };
};

/** The session cookies of the readers the scenario signs in as. */
export async function readerCookies(fixture: Fixture, app: Pick<App, 'secret' | 'databaseUrl'>): Promise<string[]> {
  return sessionCookies(fixture.readers.slice(0, READERS), app);
}

/** The load: the large thread's page, each request as the next reader. */
export const signedInTarget = (base: string, slug: string, cookies: string[]): LoadTarget => ({
  url: `${base}/articles/${slug}`,
  headers: pageHeaders,
  headerSets: cookies.map((cookie) => ({ cookie })),
});

const viewerPath = (slug: string) => `/api/viewer?article=${slug}`;

/** The reader's part of the page, as the page's script asks for it. */
const viewerTarget = (base: string, slug: string, cookies: string[]): LoadTarget => ({
  url: `${base}${viewerPath(slug)}`,
  headers: { accept: '*/*', 'accept-encoding': pageHeaders['accept-encoding'] },
  headerSets: cookies.map((cookie) => ({ cookie })),
});

/** One reader's page and viewer requests: the viewer must name a signed-in reader, the page be the shared one. */
async function checkReader(url: string, viewerUrl: string, cookie: string): Promise<SignedInPageFigures['check']> {
  const [response, viewer] = await Promise.all([rawRequest(url, { headers: { ...pageHeaders, cookie } }), rawRequest(viewerUrl, { headers: { cookie } })]);
  const html = decoded(response.body, response.headers['content-encoding']).toString('utf8');
  const cacheState = String(response.headers['x-parley-cache'] ?? 'none');
  const viewerBody = viewer.body.toString('utf8');
  const signedIn = viewer.status === 200 && (JSON.parse(viewerBody) as { signedIn?: boolean; thread?: unknown }).signedIn === true;
  if (response.status !== 200 || !signedIn || html.includes('Sign out')) {
    throw new Error(
      `A bench reader's session cookie did not get the shared page and a signed-in /api/viewer (page HTTP ${response.status}, X-Parley-Cache ${cacheState}, ` +
        `"Sign out" in the page ${html.includes('Sign out') ? 'present' : 'absent'}; /api/viewer HTTP ${viewer.status}: ${viewerBody.slice(0, 200)}).`,
    );
  }
  return {
    status: response.status,
    cacheControl: String(response.headers['cache-control'] ?? ''),
    cacheState,
    htmlBytes: Buffer.byteLength(html),
    transferBytes: response.body.length,
    encoding: String(response.headers['content-encoding'] ?? 'identity'),
    viewerCacheControl: String(viewer.headers['cache-control'] ?? ''),
    viewerBytes: viewer.body.length,
  };
}

export async function measureSignedInPage(
  app: App,
  fixture: Fixture,
  cookies: string[],
  { options, round, log }: { options: BenchOptions; round: number; log: (message: string) => void },
): Promise<SignedInPageFigures> {
  const target = signedInTarget(app.base, fixture.large.slug, cookies);
  const checks: SignedInPageFigures['check'][] = [];
  for (let i = 0; i < cookies.length; i += options.connections) {
    checks.push(
      ...(await Promise.all(
        cookies.slice(i, i + options.connections).map((cookie) => checkReader(target.url, `${app.base}${viewerPath(fixture.large.slug)}`, cookie)),
      )),
    );
  }
  const check = checks[0];
  if (!check) throw new Error('No reader to sign in as.');
  const load = await runLoad(`article page, signed in, ${fixture.large.label}`, target, {
    connections: options.connections,
    seconds: options.pageSeconds,
    warmupSeconds: options.warmupSeconds,
    watched: app,
  });
  const viewerLoad = await runLoad(`the reader's part (/api/viewer), ${fixture.large.label}`, viewerTarget(app.base, fixture.large.slug, cookies), {
    connections: options.connections,
    seconds: options.pageSeconds,
    warmupSeconds: options.warmupSeconds,
    watched: app,
  });
  const cpuMs = (figures: LoadFigures) => (figures.requests ? (1000 * figures.usage.serverCpuSeconds) / figures.requests : Number.NaN);
  const cpuMsPerRequest = cpuMs(load);
  const viewer = { path: viewerPath(fixture.large.slug), load: viewerLoad, cpuMsPerRequest: cpuMs(viewerLoad) };
  log(
    `Article page, signed in (round ${round}, ${cookies.length} readers): ${load.rps.toFixed(0)} req/s, p50 ${load.latency.median.toFixed(1)} ms, p99 ${load.latency.p99.toFixed(1)} ms, ` +
      `${load.errors + load.non2xx} errors, ${cpuMsPerRequest.toFixed(1)} ms of server CPU per page; /api/viewer ${viewerLoad.rps.toFixed(0)} req/s, ` +
      `p99 ${viewerLoad.latency.p99.toFixed(1)} ms, ${viewerLoad.errors + viewerLoad.non2xx} errors, ${viewer.cpuMsPerRequest.toFixed(1)} ms of server CPU each.`,
  );
  return { round, path: `/articles/${fixture.large.slug}`, readers: cookies.length, check, load, cpuMsPerRequest, viewer };
}
