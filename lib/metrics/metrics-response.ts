import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { dbPoolUse } from '@/lib/db';
import { env } from '@/lib/env';
import { queueDepth } from '@/lib/jobs/queue-depth';
import { logFor } from '@/lib/log';
import { openEventStreamCounts } from '@/lib/server-sent-events';
import { metrics } from './registry';

const log = logFor('metrics');
/** A scrape waits at most this long for the queue counts; it answers with the last ones otherwise. */
const QUEUE_COUNT_TIMEOUT_MS = 2_000;

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether the request carries `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time). */
function authorized(authorization: string | null, token: string): boolean {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  return presented !== undefined && timingSafeEqual(digest(presented), digest(token));
}

/**
 * GET /api/metrics: this instance's metrics in Prometheus's text format, to
 * whoever presents METRICS_TOKEN as a bearer token (401 otherwise). Without
 * METRICS_TOKEN the endpoint does not exist (404). Never cached.
 */
export async function metricsResponse(request: Request): Promise<Response> {
  const headers = { 'Cache-Control': 'no-store' };
  if (!env.METRICS_TOKEN) return Response.json({ error: 'NOT_FOUND', message: 'No such page.' }, { status: 404, headers });
  if (!authorized(request.headers.get('authorization'), env.METRICS_TOKEN)) {
    return Response.json(
      { error: 'UNAUTHENTICATED', message: 'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.' },
      { status: 401, headers: { ...headers, 'WWW-Authenticate': 'Bearer realm="metrics"' } },
    );
  }
  await sampleGauges();
  return new Response(await metrics.registry.metrics(), { headers: { ...headers, 'Content-Type': metrics.registry.contentType } });
}

/** The gauges read at scrape time from what holds them in this process (and the job queues in the database). */
async function sampleGauges(): Promise<void> {
  const pool = dbPoolUse();
  metrics.dbPoolConnections.set({ state: 'total' }, pool.total);
  metrics.dbPoolConnections.set({ state: 'idle' }, pool.idle);
  metrics.dbPoolWaiting.set(pool.waiting);
  for (const [kind, count] of Object.entries(openEventStreamCounts())) metrics.eventStreamClients.set({ kind }, count);
  let timer: NodeJS.Timeout | undefined;
  try {
    const depth = await Promise.race([
      queueDepth(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${QUEUE_COUNT_TIMEOUT_MS} ms`)), QUEUE_COUNT_TIMEOUT_MS);
      }),
    ]);
    for (const { queue, state, jobs } of depth) metrics.jobQueueJobs.set({ queue, state }, jobs);
  } catch (error) {
    log.warn({ event: 'metrics.queue_depth_failed', err: error }, 'Counting the job queues failed; the scrape has the last counts');
  } finally {
    clearTimeout(timer);
  }
}
