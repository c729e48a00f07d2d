// The page cache in front of a real HTTP origin on loopback, standing in for
// Next.js: counts renders and can hold one back to open a race.
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cacheableRequest } from './cacheable-request';
import { PageCache } from './page-cache';

type Origin = { renders: number; version: number; status: number; setCookie: boolean; hold?: Promise<void>; seenHeaders: IncomingMessage['headers'][] };
const origin: Origin = { renders: 0, version: 1, status: 200, setCookie: false, seenHeaders: [] };

let upstream: http.Server;
let front: http.Server;
let cache: PageCache;
/** The front server (cache); the origin behind it. */
let base: string;
let originUrl: string;

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function newCache(maxBytes = 1024 * 1024, lifetimes = { ttlMs: 60_000, staleMs: 60_000 }) {
  cache = new PageCache({ origin: originUrl, maxBytes, ...lifetimes });
}

beforeAll(async () => {
  upstream = http.createServer(async (request, response) => {
    origin.renders++;
    origin.seenHeaders.push(request.headers);
    const version = origin.version;
    await origin.hold;
    if (origin.setCookie) response.setHeader('set-cookie', 'flash=1');
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.setHeader('vary', 'rsc');
    response.writeHead(origin.status);
    response.end(`<p>${request.url} version ${version}</p>`.repeat(40));
  });
  originUrl = await listen(upstream);
  // The server under test: the cache where server/main.ts puts it, the origin behind.
  front = http.createServer((request, response) => {
    const cacheable = cacheableRequest(request);
    if (!cacheable) {
      response.writeHead(599);
      response.end('not cacheable');
      return;
    }
    void cache.serve(request, response, cacheable);
  });
  base = await listen(front);
  newCache();
});

afterEach(() => {
  Object.assign(origin, { renders: 0, version: 1, status: 200, setCookie: false, hold: undefined, seenHeaders: [] });
  newCache();
});

afterAll(async () => {
  await new Promise((resolve) => front.close(resolve));
  await new Promise((resolve) => upstream.close(resolve));
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });

describe('the page cache', () => {
  it('renders an anonymous article page once and answers the next readers from memory', async () => {
    const first = await get('/articles/some-article');
    const second = await get('/articles/some-article');
    expect(first.headers.get('x-parley-cache')).toBe('MISS');
    expect(second.headers.get('x-parley-cache')).toBe('HIT');
    expect(await second.text()).toBe(await first.text());
    expect(origin.renders).toBe(1);
  });

  it('asks the origin for the uncompressed page and compresses it once for each encoding', async () => {
    const identity = await (await get('/articles/some-article', { 'accept-encoding': 'identity' })).text();
    expect(origin.seenHeaders[0]?.['accept-encoding']).toBe('identity');
    const br = await fetch(`${base}/articles/some-article`, { headers: { 'accept-encoding': 'br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    const gzip = await fetch(`${base}/articles/some-article`, { headers: { 'accept-encoding': 'gzip;q=1, br;q=0' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gzip.headers.get('vary')).toMatch(/rsc, Accept-Encoding/);
    // fetch decodes both; what matters is that the bytes were the same page.
    expect(await br.text()).toBe(identity);
    expect(await gzip.text()).toBe(identity);
    expect(origin.renders).toBe(1);
    // And raw, they really are compressed.
    const raw = await rawBody('/articles/some-article', 'gzip');
    expect(gunzipSync(raw).toString()).toBe(identity);
    const rawBr = await rawBody('/articles/some-article', 'br');
    expect(brotliDecompressSync(rawBr).toString()).toBe(identity);
  });

  it('renders once for many readers arriving while the page is being rendered', async () => {
    let release = () => {};
    origin.hold = new Promise<void>((resolve) => (release = resolve));
    const readers = Array.from({ length: 20 }, () => get('/articles/busy-article').then((response) => response.text()));
    await waitFor(() => origin.renders === 1);
    release();
    const pages = await Promise.all(readers);
    expect(new Set(pages).size).toBe(1);
    expect(origin.renders).toBe(1);
  });

  it('drops a page when data it was rendered from changes, and only that page', async () => {
    await get('/articles/first-article');
    await get('/articles/second-article');
    origin.version = 2;
    cache.purge(['article:first-article']);
    expect(await (await get('/articles/first-article')).text()).toContain('version 2');
    expect(await (await get('/articles/second-article')).text()).toContain('version 1');
    expect(origin.renders).toBe(3);
  });

  it('does not keep a page whose render overlapped a change to its data', async () => {
    let release = () => {};
    origin.hold = new Promise<void>((resolve) => (release = resolve));
    const during = get('/articles/racing-article');
    await waitFor(() => origin.renders === 1);
    // The comment is committed and announced while the old page is still rendering.
    cache.purge(['article:racing-article']);
    release();
    expect(await (await during).text()).toContain('version 1');
    origin.hold = undefined;
    origin.version = 2;
    const after = await get('/articles/racing-article');
    expect(after.headers.get('x-parley-cache')).toBe('MISS');
    expect(await after.text()).toContain('version 2');
  });

  it('drops everything when invalidations may have been missed', async () => {
    await get('/articles/first-article');
    await get('/');
    cache.purgeAll();
    expect((await get('/articles/first-article')).headers.get('x-parley-cache')).toBe('MISS');
    expect((await get('/')).headers.get('x-parley-cache')).toBe('MISS');
  });

  it('passes errors and responses that set cookies through without keeping them', async () => {
    origin.status = 404;
    const missing = await get('/articles/no-such-article');
    expect(missing.status).toBe(404);
    origin.status = 200;
    origin.setCookie = true;
    await get('/articles/no-such-article');
    await get('/articles/no-such-article');
    expect(origin.renders).toBe(3);
    expect(cache.stats().entries).toBe(0);
  });

  it('keeps nothing when the origin cannot be reached, and the next reader tries again', async () => {
    const closed = http.createServer();
    const deadOrigin = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const failing = new PageCache({ origin: deadOrigin, maxBytes: 1024 * 1024, ttlMs: 60_000, staleMs: 60_000 });
    const request = { url: '/articles/a', method: 'GET', headers: {} } as IncomingMessage;
    const cacheable = cacheableRequest(request)!;
    for (let attempt = 1; attempt <= 2; attempt++) {
      await expect(failing.serve(request, {} as http.ServerResponse, cacheable)).rejects.toThrow();
      expect(failing.stats()).toMatchObject({ entries: 0, fills: attempt });
    }
  });

  it('keeps within its memory budget by dropping the least recently read pages', async () => {
    // Each page is ~1.1 kB: room for five.
    newCache(6 * 1024);
    for (const slug of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) await get(`/articles/${slug}`);
    expect(cache.stats().bytes).toBeLessThanOrEqual(6 * 1024);
    expect((await get('/articles/h')).headers.get('x-parley-cache')).toBe('HIT');
    expect((await get('/articles/a')).headers.get('x-parley-cache')).toBe('MISS');
  });

  it('answers readers with the expired page at once while one fresh render replaces it', async () => {
    newCache(1024 * 1024, { ttlMs: 50, staleMs: 60_000 });
    await get('/articles/popular-article');
    await new Promise((resolve) => setTimeout(resolve, 80));
    origin.version = 2;
    let release = () => {};
    origin.hold = new Promise<void>((resolve) => (release = resolve));
    const during = await Promise.all(Array.from({ length: 5 }, () => get('/articles/popular-article')));
    expect(during.map((response) => response.headers.get('x-parley-cache'))).toEqual(Array(5).fill('STALE'));
    for (const response of during) expect(await response.text()).toContain('version 1');
    release();
    // Until the fresh render is stored, readers still get the old copy.
    let after = await get('/articles/popular-article');
    for (let tries = 0; tries < 200 && after.headers.get('x-parley-cache') === 'STALE'; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      after = await get('/articles/popular-article');
    }
    expect(after.headers.get('x-parley-cache')).toBe('HIT');
    await expect(after.text()).resolves.toContain('version 2');
    expect(origin.renders).toBe(2);
  });

  it('keeps serving the expired page while fresh renders fail', async () => {
    newCache(1024 * 1024, { ttlMs: 50, staleMs: 60_000 });
    await get('/articles/flaky-article');
    await new Promise((resolve) => setTimeout(resolve, 80));
    origin.status = 500;
    for (let reader = 1; reader <= 2; reader++) {
      const response = await get('/articles/flaky-article');
      expect(response.status).toBe(200);
      expect(response.headers.get('x-parley-cache')).toBe('STALE');
      await waitFor(() => origin.renders === 1 + reader);
    }
  });

  it('keeps serving the expired page when the origin cannot be reached, and says why in the log', async () => {
    const shortLived = http.createServer((_request, response) => response.end('<p>the old copy</p>'));
    cache = new PageCache({ origin: await listen(shortLived), maxBytes: 1024 * 1024, ttlMs: 50, staleMs: 60_000 });
    await get('/articles/orphaned-article');
    await new Promise((resolve) => shortLived.close(resolve));
    await new Promise((resolve) => setTimeout(resolve, 80));
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const response = await get('/articles/orphaned-article');
      expect(response.headers.get('x-parley-cache')).toBe('STALE');
      await expect(response.text()).resolves.toBe('<p>the old copy</p>');
      await waitFor(() => logged.mock.calls.length === 1);
      expect(String(logged.mock.calls[0]?.[0])).toContain('/articles/orphaned-article');
    } finally {
      logged.mockRestore();
    }
  });

  it('makes the reader wait for a fresh render once the page is past its stale window', async () => {
    newCache(1024 * 1024, { ttlMs: 20, staleMs: 20 });
    await get('/articles/quiet-article');
    await new Promise((resolve) => setTimeout(resolve, 80));
    origin.version = 2;
    const late = await get('/articles/quiet-article');
    expect(late.headers.get('x-parley-cache')).toBe('MISS');
    await expect(late.text()).resolves.toContain('version 2');
  });

  it('tells downstream caches how old the page it answers with is (Age)', async () => {
    expect((await get('/articles/aging-article')).headers.get('age')).toBe('0');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await get('/articles/aging-article')).headers.get('age')).toBe('1');
  });

  it('answers HEAD with the headers of the cached page and no body', async () => {
    await get('/articles/some-article');
    const head = await fetch(`${base}/articles/some-article`, { method: 'HEAD' });
    expect(head.headers.get('x-parley-cache')).toBe('HIT');
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await head.text()).toBe('');
  });
});

describe('which requests the page cache answers', () => {
  const request = (url: string, headers: Record<string, string> = {}, method = 'GET') => cacheableRequest({ url, method, headers } as IncomingMessage);

  it('answers anonymous reads of articles, their comment API and the front page, tagged with their data', () => {
    expect(request('/articles/russia-and-iran')?.tags).toEqual(['articles', 'article:russia-and-iran', 'moderation-policy']);
    expect(request('/api/articles/russia-and-iran/comments?sort=newest')?.tags).toEqual(['articles', 'article:russia-and-iran']);
    expect(request('/')?.tags).toEqual(['articles', 'article-list']);
  });

  it('never answers a reader with a session cookie, even an expired one', () => {
    expect(request('/articles/a', { cookie: 'theme=dark; next-auth.session-token=abc' })).toBeNull();
    expect(request('/articles/a', { cookie: '__Secure-next-auth.session-token.0=abc' })).toBeNull();
    expect(request('/articles/a', { cookie: 'theme=dark; next-auth.csrf-token=abc' })).not.toBeNull();
  });

  it('leaves client navigations, server actions and writes to Next.js', () => {
    expect(request('/articles/a', { rsc: '1' })).toBeNull();
    expect(request('/articles/a', { 'next-action': 'abc' }, 'POST')).toBeNull();
    expect(request('/articles/a', {}, 'POST')).toBeNull();
    expect(request('/articles/a', { range: 'bytes=0-10' })).toBeNull();
  });

  it('refuses unknown or repeated query parameters, so nobody can fill it with copies of a page', () => {
    expect(request('/articles/a?utm_source=x')).toBeNull();
    expect(request('/articles/a?sort=best&sort=newest')).toBeNull();
    expect(request('/api/articles/a/comments?comment=x')).toBeNull();
  });

  it('keys the same page the same way whatever the parameter order, and HTTPS apart from HTTP', () => {
    expect(request('/articles/a?sort=newest&cursor=x')?.key).toBe(request('/articles/a?cursor=x&sort=newest')?.key);
    expect(request('/articles/a', { 'x-forwarded-proto': 'https' })?.key).not.toBe(request('/articles/a')?.key);
  });

  it('leaves other routes alone', () => {
    for (const url of ['/account', '/moderation', '/articles/a/extra', '/api/articles/a/events', '/articles/Bad_Slug']) expect(request(url)).toBeNull();
  });
});

async function rawBody(path: string, encoding: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    http.get(`${base}${path}`, { headers: { 'accept-encoding': encoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks)));
    }).on('error', reject);
  });
}

async function waitFor(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}
