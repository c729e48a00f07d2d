// What operators get from a running instance: one log line per request under
// the proxy's request id (pages answered from the page cache's memory only at
// debug), with the reader's user id and never their email, password or a
// token from a link; and Prometheus metrics behind a token.
import { randomUUID } from 'node:crypto';
import { articlePath, createCommenter } from './comment-fixtures';
import { expect, test } from './fixtures';
import { serverLogSince, serverLogSize } from './server-log';
import { e2eMetricsToken } from './server-settings';
import { expireArticleCaches, signIn } from './users';

type LogLine = Record<string, unknown>;

/** The server's lines since `from`, parsed (Next.js's own plain-text lines left out). */
async function linesSince(baseURL: string | undefined, from: number): Promise<LogLine[]> {
  return (await serverLogSince(baseURL, from))
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

/** The request's own line, once written (it is written when the response is done). */
async function requestLine(baseURL: string | undefined, from: number, requestId: string): Promise<LogLine> {
  let found: LogLine | undefined;
  await expect
    .poll(async () => {
      found = (await linesSince(baseURL, from)).find((line) => line.event === 'request' && line.reqId === requestId);
      return found !== undefined;
    })
    .toBe(true);
  return found!;
}

test("each request leaves one line under the proxy's request id (a cache hit only at debug); a signed-in reader's names their id, never their email, password or a link's token", async ({
  page,
  baseURL,
}) => {
  const reader = await createCommenter();
  const from = await serverLogSize(baseURL);

  // A page the page cache has to fetch (its copy expired) is logged; one it answers from memory only at debug.
  await expireArticleCaches();
  let missId = '';
  await expect
    .poll(async () => {
      missId = `e2e${randomUUID().replaceAll('-', '')}`;
      const response = await page.request.get(articlePath, { headers: { 'X-Request-Id': missId } });
      expect(response.headers()['x-request-id']).toBe(missId);
      return response.headers()['x-parley-cache'];
    })
    .toBe('MISS');
  expect(await requestLine(baseURL, from, missId)).toMatchObject({
    level: 'info',
    concern: 'http',
    method: 'GET',
    path: articlePath,
    route: '/articles/[slug]',
    status: 200,
    cache: 'MISS',
    ms: expect.any(Number),
  });
  const hit = await page.request.get(articlePath, { headers: { 'X-Request-Id': 'e2e0000000000000000000000000000a' } });
  expect(hit.headers()['x-parley-cache']).toBe('HIT');

  const link = await page.request.get(`/reset-password?token=a-secret-reset-token&email=${encodeURIComponent(reader.email)}`, {
    headers: { 'X-Request-Id': 'e2e0000000000000000000000000000b' },
  });
  expect(link.status()).toBe(200);
  expect(await requestLine(baseURL, from, 'e2e0000000000000000000000000000b')).toMatchObject({ path: '/reset-password?token=[redacted]&email=[redacted]' });

  await signIn(page, reader);
  const signedIn = await page.request.get('/notifications', { headers: { 'X-Request-Id': 'e2e0000000000000000000000000000c' } });
  expect(signedIn.status()).toBe(200);
  expect(await requestLine(baseURL, from, 'e2e0000000000000000000000000000c')).toMatchObject({ route: '/notifications', status: 200, userId: reader.id });

  const unmarked = await page.request.get('/robots.txt', { headers: { 'X-Request-Id': 'x","event":"forged' } });
  const madeUp = unmarked.headers()['x-request-id'];
  expect(madeUp).toMatch(/^[0-9a-f-]{36}$/);
  await requestLine(baseURL, from, madeUp!);

  const written = await serverLogSince(baseURL, from);
  expect(written).not.toContain('e2e0000000000000000000000000000a');
  expect(written).not.toContain(reader.email);
  expect(written).not.toContain(reader.password);
  expect(written).not.toContain('a-secret-reset-token');
  expect(written).not.toContain('"event":"forged"');
  expect(written).not.toMatch(/next-auth\.session-token=/);
});

test('GET /api/metrics answers only with the token, is never cached, and counts requests by route pattern, not by URL', async ({ request }) => {
  expect((await request.get('/api/metrics')).status()).toBe(401);
  expect((await request.get('/api/metrics', { headers: { Authorization: 'Bearer not-the-token-0123456789' } })).status()).toBe(401);

  const scrape = async () => {
    const response = await request.get('/api/metrics', { headers: { Authorization: `Bearer ${e2eMetricsToken}` } });
    expect(response.status()).toBe(200);
    expect(response.headers()['cache-control']).toBe('no-store');
    expect(response.headers()['x-parley-cache']).toBeUndefined();
    return response.text();
  };
  const articleViews = (text: string) => Number(/^parley_http_requests_total\{method="GET",route="\/articles\/\[slug\]",status="200"\} (\d+)$/m.exec(text)?.[1] ?? 0);

  const before = articleViews(await scrape());
  for (let i = 0; i < 3; i++) expect((await request.get(articlePath)).status()).toBe(200);
  const after = await scrape();
  // Counted by server/main.ts, scraped from Next.js's route handler: one registry in the process.
  expect(articleViews(after)).toBeGreaterThanOrEqual(before + 3);
  expect(after).not.toContain('russia-and-iran');
  expect(after).toMatch(/^parley_page_cache_requests_total\{result="HIT"\} \d+$/m);
  expect(after).toMatch(/^parley_db_pool_connections\{state="total"\} \d+$/m);
  expect(after).toMatch(/^parley_job_queue_jobs\{queue="notification-email",state="created"\} \d+$/m);
  expect(after).toMatch(/^parley_event_stream_clients\{kind="comments"\} \d+$/m);
});
