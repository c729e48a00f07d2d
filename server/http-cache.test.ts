// The HTTP cache in front of a real HTTP origin on loopback, standing in for
// Next.js: the origin says what may be cached through its own headers, counts
// renders and can hold one back to open a race. Requests the cache declines
// go to the origin directly, as server/main.ts hands them to Next.js.
// Lifetimes are in whole seconds (Cache-Control), so Date is faked and moved
// forward instead of waited for.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, Socket } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureLog, type CapturedLog } from '../lib/test-log';
import { HttpCache, type HttpCacheOptions } from './http-cache';

type Origin = {
  renders: number;
  version: number;
  status: number;
  cacheControl: string | undefined;
  contentType: string;
  /** Extra response headers; `cache-tag` defaults to `articles, article:<last path segment>`. */
  headers: Record<string, string>;
  setCookie: boolean;
  hold?: Promise<void>;
  seenHeaders: IncomingMessage['headers'][];
};
const defaults = (): Origin => ({
  renders: 0,
  version: 1,
  status: 200,
  cacheControl: 'public, s-maxage=60',
  contentType: 'text/html; charset=utf-8',
  headers: {},
  setCookie: false,
  hold: undefined,
  seenHeaders: [],
});
const origin: Origin = defaults();

let upstream: http.Server;
let front: http.Server;
let cache: HttpCache;
/** The front server (the cache); the origin behind it. */
let base: string;
let originUrl: string;
/** Requests that reached the front server: to know when readers are all queued. */
let frontRequests = 0;

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function newCache(options: Partial<HttpCacheOptions> = {}) {
  cache = new HttpCache({ origin: originUrl, maxBytes: 1024 * 1024, ...options });
}

/** What server/main.ts does with a request the cache declines: Next.js answers it. */
function toOrigin(request: IncomingMessage, response: ServerResponse) {
  if (!request.url?.startsWith('/')) {
    response.writeHead(400);
    response.end();
    return;
  }
  const proxied = http.request(`${originUrl}${request.url}`, { method: request.method, headers: request.headers }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(response);
  });
  proxied.on('error', () => {
    response.writeHead(502);
    response.end();
  });
  request.pipe(proxied);
}

beforeAll(async () => {
  const answerAsOrigin = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    origin.renders++;
    origin.seenHeaders.push(request.headers);
    const version = origin.version;
    await origin.hold;
    const slug = new URL(request.url ?? '/', 'http://origin.invalid').pathname.split('/').pop();
    response.setHeader('content-type', origin.contentType);
    if (origin.cacheControl) response.setHeader('cache-control', origin.cacheControl);
    response.setHeader('cache-tag', `articles, article:${slug}`);
    for (const [name, value] of Object.entries(origin.headers)) response.setHeader(name, value);
    if (origin.setCookie) response.setHeader('set-cookie', 'flash=1; Path=/');
    response.writeHead(origin.status);
    response.end(`<p>${request.url} version ${version} ${request.headers['accept-language'] ?? ''}</p>`.repeat(40));
  };
  upstream = http.createServer((request, response) => void answerAsOrigin(request, response));
  originUrl = await listen(upstream);
  // The key is the URL as it came: normalizing it is the caller's business.
  front = http.createServer((request, response) => {
    frontRequests++;
    void cache.serve(request, response, request.url ?? '/').then((served) => {
      if (!served) toOrigin(request, response);
    });
  });
  base = await listen(front);
});

/** What the cache logged during the test (its failures are logged, not thrown). */
let logged: CapturedLog;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  Object.assign(origin, defaults());
  frontRequests = 0;
  newCache();
  logged = captureLog();
});

afterEach(() => {
  logged.restore();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

afterAll(async () => {
  await new Promise((resolve) => front.close(resolve));
  await new Promise((resolve) => upstream.close(resolve));
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });
const state = (response: Response) => response.headers.get('x-parley-cache');
const advanceSeconds = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000);

describe('what the HTTP cache stores', () => {
  it.each(['public, s-maxage=60', 's-maxage=60, stale-while-revalidate=60', 'max-age=60', 'public, max-age=60'])(
    'stores a response with an explicit shared lifetime (%s) and answers the next readers from memory',
    async (cacheControl) => {
      origin.cacheControl = cacheControl;
      const first = await get('/articles/some-article');
      const second = await get('/articles/some-article');
      expect(state(first)).toBe('MISS');
      expect(state(second)).toBe('HIT');
      expect(await second.text()).toBe(await first.text());
      expect(origin.renders).toBe(1);
      expect(cache.stats()).toMatchObject({ entries: 1, hits: 1, misses: 1, fills: 1 });
    },
  );

  it.each([
    ['private', 'private, max-age=60', {}, false],
    ['no-store', 'no-store', {}, false],
    ["Next.js's dynamic page", 'private, no-cache, no-store, max-age=0, must-revalidate', {}, false],
    ['no Cache-Control at all', undefined, {}, false],
    ['a lifetime of 0', 's-maxage=0', {}, false],
    ['no-cache', 'no-cache, s-maxage=60', {}, false],
    ['Vary: *', 'public, s-maxage=60', { vary: '*' }, false],
    ['only heuristic freshness', undefined, { 'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT' }, false],
    ['a cookie', 'public, s-maxage=60', {}, true],
  ] as const)('never stores a response with %s', async (_name, cacheControl, headers, setCookie) => {
    Object.assign(origin, { cacheControl, headers, setCookie });
    const first = await get('/articles/some-article');
    const second = await get('/articles/some-article');
    expect(first.status).toBe(200);
    expect(state(first)).toBe('MISS');
    expect(state(second)).not.toBe('HIT');
    expect(origin.renders).toBe(2);
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it.each([
    [404, true],
    [301, true],
    [410, true],
    [302, false],
    [500, false],
    [503, false],
  ])('with a shared lifetime, status %i is stored: %s', async (status, stored) => {
    origin.status = status;
    const first = await fetch(`${base}/articles/some-article`, { redirect: 'manual' });
    const second = await fetch(`${base}/articles/some-article`, { redirect: 'manual' });
    expect(first.status).toBe(status);
    expect(second.status).toBe(status);
    expect(state(second) === 'HIT').toBe(stored);
    expect(origin.renders).toBe(stored ? 1 : 2);
  });

  it('answers a reader with a session cookie from a stored shared response, filled without their cookies', async () => {
    const session = { cookie: 'theme=dark; next-auth.session-token=abc' };
    const first = await get('/articles/some-article', session);
    const second = await get('/articles/some-article', session);
    expect([state(first), state(second)]).toEqual(['MISS', 'HIT']);
    expect(origin.renders).toBe(1);
    expect(origin.seenHeaders.every((seen) => seen.cookie === undefined)).toBe(true);
  });

  it('never gives a reader with a session cookie a response that may not be shared, fetched without their cookies: Next.js answers them', async () => {
    origin.cacheControl = 'private, no-store';
    const session = { cookie: 'next-auth.session-token=abc' };
    const answer = await get('/articles/private-article', session);
    expect(state(answer)).toBe('BYPASS');
    expect(origin.seenHeaders.at(-1)?.cookie).toBe(session.cookie);
  });

  it.each([
    ['Authorization', { authorization: 'Bearer abc' }],
    ['an RSC request', { rsc: '1' }],
    ['a prefetch', { 'next-router-prefetch': '1' }],
    ['a range', { range: 'bytes=0-10' }],
  ])('never answers nor stores a request with %s, even when the response could be shared', async (_name, headers) => {
    const first = await get('/articles/some-article', headers);
    const second = await get('/articles/some-article', headers);
    expect([state(first), state(second)]).toEqual(['BYPASS', 'BYPASS']);
    expect(origin.renders).toBe(2);
    expect(origin.seenHeaders.every((seen) => seen['x-parley-cache-fill'] === undefined)).toBe(true);
    expect(cache.stats()).toMatchObject({ entries: 0, bypasses: 2, fills: 0 });
  });

  it('gives a response that may not be shared to the reader it was fetched for, and sends those queued behind it to the origin themselves', async () => {
    origin.cacheControl = 'private, no-store';
    origin.setCookie = true;
    let release = () => {};
    origin.hold = new Promise<void>((resolve) => (release = resolve));
    const readers = Array.from({ length: 5 }, () => get('/articles/private-article'));
    await waitFor(() => frontRequests === 5);
    release();
    const answers = await Promise.all(readers);
    expect(answers.map((answer) => answer.status)).toEqual(Array(5).fill(200));
    const states = answers.map(state).sort();
    expect(states).toEqual(['BYPASS', 'BYPASS', 'BYPASS', 'BYPASS', 'MISS']);
    // Only the reader it was rendered for gets its cookie from the cache.
    expect(answers.find((answer) => state(answer) === 'MISS')?.headers.get('set-cookie')).toBe('flash=1; Path=/');
    // Then the key goes straight to the origin for a while: no queue, no extra hop.
    const later = await get('/articles/private-article');
    expect(state(later)).toBe('BYPASS');
    expect(cache.stats()).toMatchObject({ entries: 0, fills: 1 });
  });

  it('tries the key again once the pass period is over, and stores it if it became cacheable', async () => {
    newCache({ passMs: 50 });
    origin.cacheControl = 'no-store';
    await get('/articles/changing-article');
    origin.cacheControl = 'public, s-maxage=60';
    expect(state(await get('/articles/changing-article'))).toBe('BYPASS');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(state(await get('/articles/changing-article'))).toBe('MISS');
    expect(state(await get('/articles/changing-article'))).toBe('HIT');
  });

  it('never fetches from another host than its origin, whatever the request target says', async () => {
    const attacker = http.createServer((_request, response) => response.end('attacker content'));
    const attackerUrl = await listen(attacker);
    try {
      for (const target of [`//${new URL(attackerUrl).host}/articles/some-article`, `${attackerUrl}/articles/some-article`]) {
        const status = await rawGet(target);
        expect(status).toBe('BYPASS');
      }
      const page = await get('/articles/some-article');
      expect(state(page)).toBe('MISS');
      expect(await page.text()).toContain('version 1');
    } finally {
      await new Promise((resolve) => attacker.close(resolve));
    }
  });
});

describe('how the HTTP cache answers', () => {
  it('keeps one copy per representation the response varies on', async () => {
    origin.headers = { vary: 'Accept-Language' };
    const english = await get('/articles/some-article', { 'accept-language': 'en' });
    const french = await get('/articles/some-article', { 'accept-language': 'fr' });
    expect([state(english), state(french)]).toEqual(['MISS', 'MISS']);
    expect(await french.text()).toContain(' fr</p>');
    const englishAgain = await get('/articles/some-article', { 'accept-language': 'en' });
    const frenchAgain = await get('/articles/some-article', { 'accept-language': 'fr' });
    expect([state(englishAgain), state(frenchAgain)]).toEqual(['HIT', 'HIT']);
    expect(await englishAgain.text()).toContain(' en</p>');
    expect(await frenchAgain.text()).toContain(' fr</p>');
    expect(englishAgain.headers.get('vary')).toBe('accept-language, Accept-Encoding');
    expect(origin.renders).toBe(2);
    expect(cache.stats().entries).toBe(2);
  });

  it('asks the origin with the reader’s Accept, Accept-Language and X-Forwarded-*, never their cookies nor encodings', async () => {
    await get('/articles/some-article', {
      accept: 'text/html',
      'accept-language': 'de',
      'accept-encoding': 'br',
      'x-forwarded-proto': 'https',
      cookie: 'theme=dark',
      'user-agent': 'test',
    });
    const seen = origin.seenHeaders[0];
    expect(seen).toMatchObject({
      accept: 'text/html',
      'accept-language': 'de',
      'accept-encoding': 'identity',
      'x-forwarded-proto': 'https',
      'x-parley-cache-fill': cache.fillToken,
    });
    expect(seen?.cookie).toBeUndefined();
  });

  it('asks the origin for the uncompressed page and compresses it once for each encoding, within its budget', async () => {
    const identity = await get('/articles/some-article', { 'accept-encoding': 'identity' });
    const identityText = await identity.text();
    expect(identity.headers.get('content-encoding')).toBeNull();
    expect(Number(identity.headers.get('content-length'))).toBe(Buffer.byteLength(identityText));
    const bytesBefore = cache.stats().bytes;
    const br = await get('/articles/some-article', { 'accept-encoding': 'br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    const gzip = await get('/articles/some-article', { 'accept-encoding': 'gzip;q=1, br;q=0' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gzip.headers.get('vary')).toBe('Accept-Encoding');
    // fetch decodes both; what matters is that the bytes were the same page.
    expect(await br.text()).toBe(identityText);
    expect(await gzip.text()).toBe(identityText);
    expect(origin.renders).toBe(1);
    // Both copies are counted, once.
    const bytesAfter = cache.stats().bytes;
    expect(bytesAfter).toBeGreaterThan(bytesBefore);
    await get('/articles/some-article', { 'accept-encoding': 'br' });
    expect(cache.stats().bytes).toBe(bytesAfter);
    // And raw, they really are compressed.
    const rawGzip = await rawBody('/articles/some-article', 'gzip');
    expect(gunzipSync(rawGzip).toString()).toBe(identityText);
    expect(brotliDecompressSync(await rawBody('/articles/some-article', 'br')).toString()).toBe(identityText);
  });

  it('does not compress what compression does not help', async () => {
    origin.contentType = 'image/png';
    await get('/articles/some-picture');
    const again = await get('/articles/some-picture', { 'accept-encoding': 'br, gzip' });
    expect(state(again)).toBe('HIT');
    expect(again.headers.get('content-encoding')).toBeNull();
  });

  it('tells downstream caches how old the copy is (Age), counting the age the origin gave it', async () => {
    expect((await get('/articles/aging-article')).headers.get('age')).toBe('0');
    advanceSeconds(3);
    expect((await get('/articles/aging-article')).headers.get('age')).toBe('3');
    origin.headers = { age: '10' };
    await get('/articles/old-article');
    advanceSeconds(2);
    expect((await get('/articles/old-article')).headers.get('age')).toBe('12');
  });

  it('answers HEAD with the headers of the stored page and no body, and fills with a GET', async () => {
    const identity = { 'accept-encoding': 'identity' };
    const headFirst = await fetch(`${base}/articles/some-article`, { method: 'HEAD', headers: identity });
    expect(state(headFirst)).toBe('MISS');
    expect(origin.seenHeaders).toHaveLength(1);
    const head = await fetch(`${base}/articles/some-article`, { method: 'HEAD', headers: identity });
    expect(state(head)).toBe('HIT');
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await head.text()).toBe('');
    const page = await get('/articles/some-article', identity);
    expect(state(page)).toBe('HIT');
    expect(Buffer.byteLength(await page.text())).toBe(Number(head.headers.get('content-length')));
  });

  it('answers a reload (Cache-Control: no-cache from the reader) from memory: readers cannot force renders', async () => {
    await get('/articles/some-article');
    const reload = await get('/articles/some-article', { 'cache-control': 'no-cache', pragma: 'no-cache' });
    expect(state(reload)).toBe('HIT');
    expect(origin.renders).toBe(1);
  });

  it('passes the tags on with the page, for a CDN or nginx in front to purge by', async () => {
    await get('/articles/some-article');
    const hit = await get('/articles/some-article');
    expect(hit.headers.get('cache-tag')).toBe('articles, article:some-article');
    expect(hit.headers.get('cache-control')).toBe('public, s-maxage=60');
  });
});

describe('filling the HTTP cache', () => {
  it('fetches once for many readers arriving while the page is being fetched', async () => {
    let release = () => {};
    origin.hold = new Promise<void>((resolve) => (release = resolve));
    const readers = Array.from({ length: 20 }, () => get('/articles/busy-article').then(async (response) => [state(response), await response.text()]));
    await waitFor(() => frontRequests === 20);
    release();
    const answers = await Promise.all(readers);
    expect(new Set(answers.map(([, text]) => text)).size).toBe(1);
    expect(new Set(answers.map(([answerState]) => answerState))).toEqual(new Set(['MISS']));
    expect(origin.renders).toBe(1);
    expect(cache.stats()).toMatchObject({ fills: 1, misses: 20 });
  });

  it('answers 502 when the origin cannot be reached and nothing is stored, and the next reader tries again', async () => {
    const deadOrigin = await closedServerUrl();
    cache = new HttpCache({ origin: deadOrigin, maxBytes: 1024 * 1024 });
    for (let attempt = 1; attempt <= 2; attempt++) {
      const answer = await get('/articles/a');
      expect(answer.status).toBe(502);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(cache.stats()).toMatchObject({ entries: 0, fills: attempt });
    }
  });

  it('answers 504 when the origin takes longer than the fill may', async () => {
    newCache({ fillTimeoutMs: 100 });
    let release = () => {};
    origin.hold = new Promise<void>((resolve) => (release = resolve));
    try {
      expect((await get('/articles/slow-article')).status).toBe(504);
    } finally {
      release();
    }
  });
});

describe('stale copies', () => {
  beforeEach(() => {
    origin.cacheControl = 'public, s-maxage=1, stale-while-revalidate=30';
  });

  it('answers readers with the expired copy at once while exactly one refresh replaces it', async () => {
    await get('/articles/popular-article');
    advanceSeconds(2);
    origin.version = 2;
    let release = () => {};
    origin.hold = new Promise<void>((resolve) => (release = resolve));
    const during = await Promise.all(Array.from({ length: 10 }, () => get('/articles/popular-article')));
    expect(frontRequests).toBe(11);
    expect(during.map(state)).toEqual(Array(10).fill('STALE'));
    for (const response of during) expect(await response.text()).toContain('version 1');
    expect(origin.renders).toBe(2);
    release();
    let after = await get('/articles/popular-article');
    for (let tries = 0; tries < 200 && state(after) === 'STALE'; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      after = await get('/articles/popular-article');
    }
    expect(state(after)).toBe('HIT');
    await expect(after.text()).resolves.toContain('version 2');
    expect(origin.renders).toBe(2);
  });

  it('keeps serving the expired copy while refreshes fail within the window, says so in the log, and not after it', async () => {
    await get('/articles/flaky-article');
    advanceSeconds(2);
    origin.status = 500;
    origin.cacheControl = 'no-store';
    for (let reader = 1; reader <= 2; reader++) {
      const response = await get('/articles/flaky-article');
      expect(response.status).toBe(200);
      expect(state(response)).toBe('STALE');
      await expect(response.text()).resolves.toContain('version 1');
      await waitFor(() => logged.lines().length === reader);
    }
    expect(logged.lines()[0]).toMatchObject({ level: 'warn', event: 'cache.refresh_failed', path: '/articles/flaky-article', status: 500 });
    // Past s-maxage + stale-while-revalidate, the reader gets the origin's own answer.
    advanceSeconds(30);
    const late = await get('/articles/flaky-article');
    expect(late.status).toBe(500);
    expect(state(late)).not.toBe('STALE');
  });

  it('keeps serving the expired copy when the origin cannot be reached, within the window; 502 after it', async () => {
    const shortLived = http.createServer((_request, response) => {
      response.setHeader('cache-control', 'public, s-maxage=1, stale-while-revalidate=30');
      response.end('<p>the old copy</p>');
    });
    cache = new HttpCache({ origin: await listen(shortLived), maxBytes: 1024 * 1024 });
    await get('/articles/orphaned-article');
    await new Promise((resolve) => shortLived.close(resolve));
    advanceSeconds(2);
    const response = await get('/articles/orphaned-article');
    expect(state(response)).toBe('STALE');
    await expect(response.text()).resolves.toBe('<p>the old copy</p>');
    await waitFor(() => logged.lines().length === 1);
    expect(logged.lines()[0]).toMatchObject({ event: 'cache.refresh_failed', path: '/articles/orphaned-article' });
    advanceSeconds(30);
    expect((await get('/articles/orphaned-article')).status).toBe(502);
  });

  it('makes the reader wait for a fresh copy once the stored one is past its stale window', async () => {
    await get('/articles/quiet-article');
    advanceSeconds(40);
    origin.version = 2;
    const late = await get('/articles/quiet-article');
    expect(state(late)).toBe('MISS');
    await expect(late.text()).resolves.toContain('version 2');
  });

  it('answers with the expired copy when the origin fails and the response allows it (stale-if-error)', async () => {
    origin.cacheControl = 'public, s-maxage=1, stale-if-error=60';
    await get('/articles/sturdy-article');
    advanceSeconds(5);
    origin.status = 503;
    origin.cacheControl = 'no-store';
    const answer = await get('/articles/sturdy-article');
    expect(answer.status).toBe(200);
    expect(state(answer)).toBe('STALE');
    await expect(answer.text()).resolves.toContain('version 1');
  });
});

describe('purging the HTTP cache', () => {
  it('drops, at once, the pages naming a purged tag (Cache-Tag or Surrogate-Key), and only those', async () => {
    await get('/articles/first-article');
    await get('/articles/second-article');
    origin.headers = { 'cache-tag': '', 'surrogate-key': 'front-page listing' };
    await get('/');
    expect(cache.stats().entries).toBe(3);
    origin.version = 2;
    cache.purgeTags(['article:first-article']);
    expect(cache.stats()).toMatchObject({ entries: 2, purges: 1 });
    cache.purgeTags(['listing']);
    expect(cache.stats().entries).toBe(1);
    const first = await get('/articles/first-article');
    expect(state(first)).toBe('MISS');
    expect(await first.text()).toContain('version 2');
    expect(await (await get('/articles/second-article')).text()).toContain('version 1');
    expect(state(await get('/'))).toBe('MISS');
  });

  it('does not keep a page whose fill overlapped a purge of one of its tags', async () => {
    let release = () => {};
    origin.hold = new Promise<void>((resolve) => (release = resolve));
    const during = get('/articles/racing-article');
    await waitFor(() => origin.renders === 1);
    // The comment is committed and announced while the old page is still rendering.
    cache.purgeTags(['article:racing-article']);
    release();
    expect(await (await during).text()).toContain('version 1');
    expect(cache.stats().entries).toBe(0);
    origin.hold = undefined;
    origin.version = 2;
    const after = await get('/articles/racing-article');
    expect(state(after)).toBe('MISS');
    expect(await after.text()).toContain('version 2');
  });

  it('keeps a page whose fill overlapped a purge of other tags', async () => {
    let release = () => {};
    origin.hold = new Promise<void>((resolve) => (release = resolve));
    const during = get('/articles/calm-article');
    await waitFor(() => origin.renders === 1);
    cache.purgeTags(['article:another-article']);
    release();
    await during;
    expect(state(await get('/articles/calm-article'))).toBe('HIT');
  });

  it('drops everything, fills in flight included, when invalidations may have been missed', async () => {
    await get('/articles/first-article');
    await get('/');
    let release = () => {};
    origin.hold = new Promise<void>((resolve) => (release = resolve));
    const during = get('/articles/third-article');
    await waitFor(() => origin.renders === 3);
    cache.purgeAll();
    release();
    await during;
    origin.hold = undefined;
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
    expect(state(await get('/articles/first-article'))).toBe('MISS');
    expect(state(await get('/'))).toBe('MISS');
    expect(state(await get('/articles/third-article'))).toBe('MISS');
  });
});

describe('the memory budget', () => {
  it('keeps within its budget by dropping the least recently read pages', async () => {
    // Each page is ~2.5 kB with its bookkeeping: room for about 12.
    newCache({ maxBytes: 32 * 1024 });
    const slugs = Array.from({ length: 20 }, (_, i) => `page-${i}`);
    for (const slug of slugs) await get(`/articles/${slug}`);
    expect(cache.stats().bytes).toBeLessThanOrEqual(32 * 1024);
    expect(cache.stats().entries).toBeGreaterThan(5);
    expect(cache.stats().entries).toBeLessThan(20);
    expect(state(await get('/articles/page-19'))).toBe('HIT');
    expect(state(await get('/articles/page-0'))).toBe('MISS');
  });

  it('does not keep a page larger than an eighth of its budget', async () => {
    newCache({ maxBytes: 8 * 1024 });
    expect(state(await get('/articles/a-rather-long-article-name'))).toBe('MISS');
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('stores nothing from a flood of 10,000 distinct keys whose responses may not be stored, and keeps the real page', async () => {
    const maxBytes = 256 * 1024;
    newCache({ maxBytes });
    await get('/articles/real-article');
    const before = cache.stats();
    origin.cacheControl = 'no-store';
    await flood(
      10_000,
      100,
      (i) => `/api/articles/real-article/comments?cursor=${i}`,
      () => {
        expect(cache.stats()).toMatchObject({ entries: 1, bytes: before.bytes });
      },
    );
    origin.cacheControl = 'public, s-maxage=60';
    expect(state(await get('/articles/real-article'))).toBe('HIT');
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: before.bytes, fills: 10_001 });
  }, 120_000);

  it('cannot push out a page that keeps being read with a flood of distinct cacheable keys, and stays within budget', async () => {
    const maxBytes = 96 * 1024;
    newCache({ maxBytes });
    await get('/articles/real-article');
    let reads = 0;
    // A read after every 20 new keys: the budget holds about 35 of these pages.
    await flood(
      2_000,
      20,
      (i) => `/articles/real-article?cursor=${i}`,
      async () => {
        reads++;
        expect(state(await get('/articles/real-article'))).toBe('HIT');
        expect(cache.stats().bytes).toBeLessThanOrEqual(maxBytes);
      },
    );
    expect(reads).toBe(100);
    // The flood did fill the cache: without reads in between, the page would have gone.
    expect(state(await get('/articles/real-article?cursor=0'))).toBe('MISS');
    expect(origin.seenHeaders.filter((seen) => seen['x-parley-cache-fill']).length).toBe(2_002);
  });

  it('without reads in between, the same flood does push the page out (the test above can fail)', async () => {
    newCache({ maxBytes: 96 * 1024 });
    await get('/articles/real-article');
    await flood(
      100,
      20,
      (i) => `/articles/real-article?cursor=${i}`,
      async () => {},
    );
    expect(state(await get('/articles/real-article'))).toBe('MISS');
  });
});

/**
 * Asks the cache for every path, `width` at a time, without the client's HTTP
 * hop (the fills still go to the origin over HTTP); `between` runs after each batch.
 */
async function flood(count: number, width: number, path: (i: number) => string, between: () => void | Promise<void>) {
  for (let start = 0; start < count; start += width) {
    const batch = Array.from({ length: Math.min(width, count - start) }, (_, offset) => {
      const request = new http.IncomingMessage(new Socket());
      Object.assign(request, { method: 'GET', url: path(start + offset), headers: { accept: '*/*' } });
      return cache.serve(request, new http.ServerResponse(request), request.url ?? '/');
    });
    expect(await Promise.all(batch)).not.toContain(false);
    await between();
  }
}

async function closedServerUrl(): Promise<string> {
  const closed = http.createServer();
  const url = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
  return url;
}

/** A GET with a raw request target (fetch would normalize it); resolves to X-Parley-Cache. */
async function rawGet(target: string): Promise<string | undefined> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: target }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.headers['x-parley-cache'] as string | undefined));
      })
      .on('error', reject);
  });
}

async function rawBody(path: string, encoding: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${path}`, { headers: { 'accept-encoding': encoding } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks)));
      })
      .on('error', reject);
  });
}

async function waitFor(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}
