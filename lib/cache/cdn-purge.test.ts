// Purge requests to a CDN: one per change, from the instance that made it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { env } from '@/lib/env';
import { startCdnPurge } from './cdn-purge';
import { CACHE_TAG_CHANNEL, configureTagExpiry, expireTags, startTagExpiryListener, stopTagExpiry } from './tag-expiry.mjs';

const received: { tags: string[]; authorization: string | undefined }[] = [];
let server: http.Server;
let stop: () => void;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ ...(JSON.parse(body) as { tags: string[] }), authorization: request.headers.authorization });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  configureTagExpiry({ databaseUrl: env.DATABASE_URL });
  await startTagExpiryListener({ retryMs: 100 });
  stop = startCdnPurge({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/purge`, token: 'secret-token' });
});

afterAll(async () => {
  stop();
  await stopTagExpiry();
  await new Promise((resolve) => server.close(resolve));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('a change made here is one purge request naming its tags, with the token', async () => {
  await expireTags(['article:cdn-test', 'article-list']);
  await expect.poll(() => received.length).toBe(1);
  expect(received[0]).toEqual({ tags: ['article:cdn-test', 'article-list'], authorization: 'Bearer secret-token' });
});

it("another instance's change is that instance's to purge: none from here", async () => {
  received.length = 0;
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  await client.query('SELECT pg_notify($1, $2)', [CACHE_TAG_CHANNEL, JSON.stringify({ origin: 'another-instance', tags: ['article:elsewhere'] })]);
  await client.end();
  await sleep(500);
  expect(received).toEqual([]);
});
