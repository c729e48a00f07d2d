import 'server-only';
import { db } from '@/lib/db';
import { JOB_SCHEMA } from './job-queue';
import { jobRegistry } from './job-registry';

export const queueDepthStates = ['created', 'retry', 'active', 'failed'] as const;
export type QueueDepthState = (typeof queueDepthStates)[number];

/**
 * Jobs in each registered queue by state (pg-boss's own table, shared by every
 * instance and worker): waiting (`created`, `retry`), being run (`active`),
 * and failed for good (kept 14 days, listed at /admin/jobs). Every registered
 * queue and state is present, zero included. Completed jobs are not counted.
 */
export async function queueDepth(): Promise<{ queue: string; state: QueueDepthState; jobs: number }[]> {
  const rows = await db.$queryRawUnsafe<{ name: string; state: string; jobs: number }[]>(
    `SELECT name, state::text AS state, count(*)::int AS jobs FROM ${JOB_SCHEMA}.job
     WHERE state IN (${queueDepthStates.map((state) => `'${state}'`).join(', ')}) GROUP BY name, state`,
  );
  const counted = new Map(rows.map((row) => [`${row.name}\0${row.state}`, row.jobs]));
  return jobRegistry.flatMap((job) => queueDepthStates.map((state) => ({ queue: job.name, state, jobs: counted.get(`${job.name}\0${state}`) ?? 0 })));
}
