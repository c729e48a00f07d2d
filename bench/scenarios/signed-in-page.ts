// Scenario 8: the article page for signed-in readers (issue 12). The large
// thread's page as a signed-in reader gets it: app/(site)/articles/[slug],
// rendered per request for that reader (their reactions and held comments,
// the header, the composer) and never shared. 50
// connections for 20 s, every request with the session cookie of a real
// reader: the established readers who wrote the thread and reacted in it,
// their cookies minted as the posting scenario mints its writers' (session.ts).
// Every connection goes through the readers in turn, so what is measured is not
// one reader's data read again and again.
//
// Before the load, one request per reader (as many at once as the load has
// connections) checks that the cookie works: a signed-in page ("Sign out" in
// it), not the shared anonymous one.
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
  /** What each reader's first request answered (all must be signed-in pages, or the scenario stops). */
  check: { status: number; cacheControl: string; cacheState: string; htmlBytes: number; transferBytes: number; encoding: string };
  load: LoadFigures;
  /** Server CPU time (the process tree, from /proc) per response of the load, in ms. */
  cpuMsPerRequest: number;
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

/** One reader's request: must be a signed-in page, never the shared one. */
async function checkReader(url: string, cookie: string): Promise<SignedInPageFigures['check']> {
  const response = await rawRequest(url, { headers: { ...pageHeaders, cookie } });
  const html = decoded(response.body, response.headers['content-encoding']).toString('utf8');
  const cacheState = String(response.headers['x-parley-cache'] ?? 'none');
  // Answered by the shared cache, or without the reader's menu: the cookie did not sign the reader in.
  if (response.status !== 200 || !html.includes('Sign out') || cacheState === 'HIT' || cacheState === 'STALE') {
    throw new Error(
      `A bench reader's session cookie did not get a signed-in article page (HTTP ${response.status}, X-Parley-Cache ${cacheState}, "Sign out" ${html.includes('Sign out') ? 'present' : 'absent'}).`,
    );
  }
  return {
    status: response.status,
    cacheControl: String(response.headers['cache-control'] ?? ''),
    cacheState,
    htmlBytes: Buffer.byteLength(html),
    transferBytes: response.body.length,
    encoding: String(response.headers['content-encoding'] ?? 'identity'),
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
    checks.push(...(await Promise.all(cookies.slice(i, i + options.connections).map((cookie) => checkReader(target.url, cookie)))));
  }
  const check = checks[0];
  if (!check) throw new Error('No reader to sign in as.');
  const load = await runLoad(`article page, signed in, ${fixture.large.label}`, target, {
    connections: options.connections,
    seconds: options.pageSeconds,
    warmupSeconds: options.warmupSeconds,
    serverPid: app.pid,
  });
  const cpuMsPerRequest = load.requests ? (1000 * load.usage.serverCpuSeconds) / load.requests : Number.NaN;
  log(
    `Article page, signed in (round ${round}, ${cookies.length} readers): ${load.rps.toFixed(0)} req/s, p50 ${load.latency.median.toFixed(1)} ms, p99 ${load.latency.p99.toFixed(1)} ms, ` +
      `${load.errors + load.non2xx} errors, ${cpuMsPerRequest.toFixed(1)} ms of server CPU per view.`,
  );
  return { round, path: `/articles/${fixture.large.slug}`, readers: cookies.length, check, load, cpuMsPerRequest };
}
