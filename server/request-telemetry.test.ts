// Each request's log line and metrics, on a real HTTP server standing in for server/main.ts.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { setLogLevel } from '../lib/log';
import { metrics } from '../lib/metrics/registry';
import { noteRequestUser, requestContext } from '../lib/request-context';
import { captureLog, type CapturedLog } from '../lib/test-log';
import { loggablePath, observeRequest, requestIdOf, routeLabeler, type RouteOf } from './request-telemetry';

describe('request ids', () => {
  test("nginx's $request_id and UUIDs are kept; anything else is replaced by a new UUID", () => {
    expect(requestIdOf('0123456789abcdef0123456789abcdef')).toBe('0123456789abcdef0123456789abcdef');
    expect(requestIdOf('6f1c2a6e-5b7d-4c1e-9d2a-1b3c4d5e6f70')).toBe('6f1c2a6e-5b7d-4c1e-9d2a-1b3c4d5e6f70');
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const bad of [undefined, '', 'two words', 'line\nbreak', '{"json":1}', 'x'.repeat(129), ['a', 'b']]) expect(requestIdOf(bad)).toMatch(uuid);
    expect(requestIdOf(undefined)).not.toBe(requestIdOf(undefined));
  });
});

describe('the logged path', () => {
  test('keeps ordinary query values and redacts tokens, codes and anything secret-looking', () => {
    expect(loggablePath('/articles/a-slug')).toBe('/articles/a-slug');
    expect(loggablePath('/articles/a-slug?sort=newest&cursor=abc')).toBe('/articles/a-slug?sort=newest&cursor=abc');
    expect(loggablePath('/reset-password?token=s3cr3t')).toBe('/reset-password?token=[redacted]');
    expect(loggablePath('/verify-email?token=s3cr3t')).toBe('/verify-email?token=[redacted]');
    expect(loggablePath('/unsubscribe?token=s3cr3t&topic=replies')).toBe('/unsubscribe?token=[redacted]&topic=replies');
    expect(loggablePath('/api/auth/callback/oidc?code=c0de&state=st4te')).toBe('/api/auth/callback/oidc?code=[redacted]&state=[redacted]');
    expect(loggablePath('/?')).toBe('/');
  });
});

describe('route labels', () => {
  let dir: string;
  let routeOf: RouteOf;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parley-routes-'));
    // The shape of next build's routes-manifest.json.
    await writeFile(
      path.join(dir, 'routes-manifest.json'),
      JSON.stringify({
        staticRoutes: [
          { page: '/', regex: '^/(?:/)?$' },
          { page: '/api/metrics', regex: '^/api/metrics(?:/)?$' },
        ],
        dynamicRoutes: [
          { page: '/api/articles/[slug]/comments', regex: '^/api/articles/([^/]+?)/comments(?:/)?$' },
          { page: '/articles/[slug]', regex: '^/articles/([^/]+?)(?:/)?$' },
        ],
      }),
    );
    routeOf = routeLabeler(dir);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('are the route patterns of the build, never the URLs themselves', () => {
    expect(routeOf('/')).toBe('/');
    expect(routeOf('/articles/one-slug')).toBe('/articles/[slug]');
    expect(routeOf('/articles/another-slug')).toBe('/articles/[slug]');
    expect(routeOf('/api/articles/x/comments')).toBe('/api/articles/[slug]/comments');
    expect(routeOf('/_next/static/chunks/app-123.js')).toBe('/_next/static');
    expect(routeOf('/wp-login.php')).toBe('(unmatched)');
    expect(routeOf('/api/metrics')).toBe('/api/metrics');
  });

  test('without a build manifest, everything is unmatched (a bounded label all the same)', () => {
    expect(routeLabeler(path.join(dir, 'missing'))('/articles/a')).toBe('(unmatched)');
  });
});

describe('one line and the metrics per request', () => {
  let server: http.Server;
  let base: string;
  let captured: CapturedLog;
  const routeOf: RouteOf = (pathname) => (pathname.startsWith('/articles/') ? '/articles/[slug]' : '(unmatched)');

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const context = observeRequest(request, response, { routeOf, internal: request.headers['x-fill'] === '1' });
      requestContext.run(context, () => {
        const url = new URL(request.url ?? '/', 'http://x');
        if (url.searchParams.has('signed-in')) noteRequestUser('user-42');
        const cache = url.searchParams.get('cached');
        if (cache) response.setHeader('x-parley-cache', cache);
        response.statusCode = url.searchParams.has('fail') ? 503 : 200;
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    captured = captureLog();
  });

  afterEach(() => {
    captured.restore();
  });

  const linesFor = async (requestId: string) => {
    for (let tries = 0; tries < 100 && !captured.lines().some((line) => line.reqId === requestId); tries++) await new Promise((resolve) => setTimeout(resolve, 10));
    return captured.lines().filter((line) => line.reqId === requestId);
  };

  test("logs method, path, route, status, duration, cache result and user id under nginx's request id, and echoes the id", async () => {
    const response = await fetch(`${base}/articles/a-slug?signed-in=1&cached=MISS&token=abc`, { headers: { 'X-Request-Id': 'f00dfeedf00dfeedf00dfeedf00dfeed' } });
    expect(response.headers.get('x-request-id')).toBe('f00dfeedf00dfeedf00dfeedf00dfeed');
    const [line, ...more] = await linesFor('f00dfeedf00dfeedf00dfeedf00dfeed');
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: 'info',
      concern: 'http',
      event: 'request',
      method: 'GET',
      path: '/articles/a-slug?signed-in=1&cached=MISS&token=[redacted]',
      route: '/articles/[slug]',
      status: 200,
      cache: 'MISS',
      userId: 'user-42',
    });
    expect(line?.ms).toEqual(expect.any(Number));
  });

  test('a page the page cache answered from memory is logged at debug only (its line would cost 4-5% of it)', async () => {
    const hit = await fetch(`${base}/articles/a?cached=HIT`);
    const stale = await fetch(`${base}/articles/b?cached=STALE`);
    const after = await fetch(`${base}/articles/c?cached=MISS`);
    await linesFor(after.headers.get('x-request-id')!);
    const ids = [hit, stale].map((response) => response.headers.get('x-request-id'));
    expect(captured.lines().filter((line) => ids.includes(line.reqId as string))).toEqual([]);

    setLogLevel('debug');
    try {
      const debugged = await fetch(`${base}/articles/a?cached=HIT`);
      expect(await linesFor(debugged.headers.get('x-request-id')!)).toEqual([expect.objectContaining({ level: 'debug', cache: 'HIT', status: 200 })]);
    } finally {
      setLogLevel('info');
    }
  });

  test('a request without a usable id gets a new one, and a server error is logged at error', async () => {
    const response = await fetch(`${base}/articles/b?fail=1`, { headers: { 'X-Request-Id': 'not a valid id' } });
    const id = response.headers.get('x-request-id')!;
    expect(id).not.toBe('not a valid id');
    const [line] = await linesFor(id);
    expect(line).toMatchObject({ level: 'error', status: 503 });
    expect(line).not.toHaveProperty('userId');
  });

  test('counts requests by route and status, times them, and counts cache results; the page cache’s own fills are only logged at debug', async () => {
    const count = async (labels: Partial<Record<'method' | 'route' | 'status', string>>) =>
      (await metrics.httpRequests.get()).values.find((value) => Object.entries(labels).every(([name, label]) => value.labels[name as keyof typeof labels] === label))
        ?.value ?? 0;
    const hits = async () => (await metrics.pageCacheRequests.get()).values.find((value) => value.labels.result === 'HIT')?.value ?? 0;
    const timed = async () =>
      (await metrics.httpDuration.get()).values.find(
        (value) => value.metricName === 'parley_http_request_duration_seconds_count' && value.labels.route === '/articles/[slug]',
      )?.value ?? 0;
    const before = { ok: await count({ route: '/articles/[slug]', status: '200' }), hits: await hits(), timed: await timed() };

    await fetch(`${base}/articles/one?cached=HIT`);
    await fetch(`${base}/articles/two?cached=HIT`);
    setLogLevel('debug');
    try {
      const fill = await fetch(`${base}/articles/three`, { headers: { 'x-fill': '1' } });
      expect(await linesFor(fill.headers.get('x-request-id')!)).toEqual([expect.objectContaining({ level: 'debug', path: '/articles/three' })]);
    } finally {
      setLogLevel('info');
    }

    expect(await count({ method: 'GET', route: '/articles/[slug]', status: '200' })).toBe(before.ok + 2);
    expect(await hits()).toBe(before.hits + 2);
    expect(await timed()).toBe(before.timed + 2);
    expect((await metrics.httpRequests.get()).values.every((value) => !String(value.labels.route).includes('one'))).toBe(true);
  });
});
