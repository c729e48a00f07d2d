// GET /api/metrics against the suite's real database: who may scrape, and what a scrape holds.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { readEventStream } from '@/lib/comments/test-event-stream';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { enqueueJob } from '@/lib/jobs/enqueue-job';
import { JOB_SCHEMA } from '@/lib/jobs/job-queue';
import { notificationEmailJob } from '@/lib/notifications/notification-email-job';
import { serverSentEvents } from '@/lib/server-sent-events';
import { metricsResponse } from './metrics-response';
import { metrics } from './registry';

const token = 'metrics-token-for-the-tests-0123456789';
const scrape = (authorization?: string) => metricsResponse(new Request('http://parley.test/api/metrics', { headers: authorization ? { authorization } : {} }));

afterEach(() => {
  env.METRICS_TOKEN = undefined;
});

afterAll(() => db.$disconnect());

/** The value of one sample line (`name{labels} value`) in a scrape. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] === name && wanted.every((pair) => (match[2] ?? '').split(',').includes(pair))) return Number(match[3]);
  }
  return undefined;
}

describe('who may scrape', () => {
  test('without METRICS_TOKEN the endpoint does not exist', async () => {
    const response = await scrape(`Bearer ${token}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  test('with METRICS_TOKEN, a request without it or with another one is refused', async () => {
    env.METRICS_TOKEN = token;
    for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${token}`, `Bearer ${token}x`, `Bearer ${token.slice(1)}`]) {
      const response = await scrape(authorization);
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.text()).not.toContain('parley_');
    }
  });
});

describe('a scrape', () => {
  test('is Prometheus text, never cached, with the pool, the open streams, the queues and the process', async () => {
    env.METRICS_TOKEN = token;
    await db.$queryRaw`SELECT 1`;
    const abort = new AbortController();
    const stream = readEventStream(serverSentEvents('moderation', abort.signal, () => () => {}));
    const jobKey = randomUUID();
    await enqueueJob(db, notificationEmailJob, { notificationId: randomUUID() }, { key: jobKey, startAfter: new Date(Date.now() + 3_600_000) });
    try {
      const response = await scrape(`Bearer ${token}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(metrics.registry.contentType);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const text = await response.text();

      expect(sample(text, 'parley_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'parley_db_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(0);
      expect(sample(text, 'parley_db_pool_waiting_clients')).toBe(0);
      expect(sample(text, 'parley_event_stream_clients', { kind: 'moderation' })).toBe(1);
      expect(sample(text, 'parley_event_stream_clients', { kind: 'comments' })).toBe(0);
      expect(sample(text, 'parley_job_queue_jobs', { queue: notificationEmailJob.name, state: 'created' })).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'parley_job_queue_jobs', { queue: notificationEmailJob.name, state: 'active' })).toBe(0);
      expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
      for (const name of ['parley_http_requests_total', 'parley_http_request_duration_seconds', 'parley_page_cache_requests_total', 'parley_page_cache_entries']) {
        expect(text).toContain(`# TYPE ${name} `);
      }
    } finally {
      abort.abort();
      await stream.close();
      await db.$executeRawUnsafe(`DELETE FROM ${JOB_SCHEMA}.job WHERE name = $1 AND singleton_key = $2`, notificationEmailJob.name, jobKey);
    }
  });
});
