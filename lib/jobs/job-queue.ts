// pg-boss, the job queue, in its own PostgreSQL schema. Jobs are rows there,
// so "the comment and its email job commit together" is one transaction
// (lib/jobs/enqueue-job.ts), and every app instance and worker shares them.
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { JobDefinition } from './define-job';

/** pg-boss creates and migrates its tables in this schema when a queue first starts. */
export const JOB_SCHEMA = 'pgboss';

/** The settings of a job's queue; a retried job keeps the ones it was sent with. */
export function queueOptions(job: Pick<JobDefinition, 'name' | 'retryLimit' | 'retryDelaySeconds'>): PgBoss.Queue {
  return {
    name: job.name,
    policy: 'standard',
    retryLimit: job.retryLimit,
    // pg-boss doubles the delay at each attempt (retryBackoff), with jitter.
    retryDelay: job.retryDelaySeconds,
    retryBackoff: true,
    // A handler that hangs (an SMTP server that never answers) is failed and retried.
    expireInSeconds: 5 * 60,
    // Failed jobs stay listed at /admin/jobs for this long.
    retentionMinutes: 14 * 24 * 60,
  };
}

/**
 * A job's id from its idempotency key: the same key always names the same
 * row, so a second enqueue conflicts on the primary key and adds nothing.
 * (pg-boss's singletonKey alone only deduplicates for some queue policies.)
 */
export function jobIdForKey(queue: string, key: string): string {
  const hex = createHash('sha256').update(`${queue}\0${key}`).digest('hex');
  // Shaped as a version-4 UUID (pg-boss's id column is uuid).
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Creates (or migrates) pg-boss's schema and one queue per job. Idempotent;
 * run when a database is prepared (npm start, the test databases) and by every
 * worker at start, so that enqueueing never meets a missing queue.
 */
export async function installJobQueues(databaseUrl: string, jobs: readonly Pick<JobDefinition, 'name' | 'retryLimit' | 'retryDelaySeconds'>[]): Promise<void> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: JOB_SCHEMA, max: 1, supervise: false, schedule: false, migrate: true });
  boss.on('error', () => {});
  await boss.start();
  try {
    for (const job of jobs) await ensureQueue(boss, job);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/** Creates the job's queue, or brings its retry settings up to date. */
export async function ensureQueue(boss: PgBoss, job: Pick<JobDefinition, 'name' | 'retryLimit' | 'retryDelaySeconds'>): Promise<void> {
  const options = queueOptions(job);
  if (await boss.getQueue(job.name)) await boss.updateQueue(job.name, options);
  else await boss.createQueue(job.name, options);
}
