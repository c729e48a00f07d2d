// For integration tests of the account emails: run the jobs a command queued,
// as the worker would (same handler, data checked by the job's schema), and
// a real SMTP server to receive what they send. Nothing is mocked.
import { db } from '@/lib/db';
import type { JobDefinition } from '@/lib/jobs/define-job';
import { JOB_SCHEMA } from '@/lib/jobs/job-queue';

/** Jobs of `job` still waiting whose data matches; each is run once and marked completed. Returns how many ran. */
export async function runQueuedJobs(job: JobDefinition, matches: (data: Record<string, unknown>) => boolean): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ id: string; data: Record<string, unknown>; retryCount: number }[]>(
    `SELECT id, data, retry_count AS "retryCount" FROM ${JOB_SCHEMA}.job WHERE name = $1 AND state = 'created' ORDER BY created_on`,
    job.name,
  );
  const mine = rows.filter((row) => matches(row.data));
  for (const row of mine) {
    await job.handle(job.data.parse(row.data), { id: row.id, retryCount: row.retryCount });
    await db.$executeRawUnsafe(`UPDATE ${JOB_SCHEMA}.job SET state = 'completed', completed_on = now() WHERE name = $1 AND id = $2::uuid`, job.name, row.id);
  }
  return mine.length;
}

/** Queued jobs of `job` whose data matches, not yet run. */
export async function countQueuedJobs(job: JobDefinition, matches: (data: Record<string, unknown>) => boolean): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ data: Record<string, unknown> }[]>(`SELECT data FROM ${JOB_SCHEMA}.job WHERE name = $1 AND state = 'created'`, job.name);
  return rows.filter((row) => matches(row.data)).length;
}
