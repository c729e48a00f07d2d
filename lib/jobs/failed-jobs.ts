// The failed-jobs page (/admin/jobs): jobs that used up their retries, newest
// first, and retrying one. Admins only.
import 'server-only';
import { z } from 'zod';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { JOB_SCHEMA } from './job-queue';
import { queueCommands, through } from './queue-through-prisma';

export type FailedJob = {
  id: string;
  name: string;
  /** The job's data as JSON text (ids, never secrets: job data holds references, not content). */
  data: string;
  attempts: number;
  error: string | null;
  createdAt: Date;
  failedAt: Date | null;
};

const SHOWN = 100;

export async function listFailedJobsAs(actor: CurrentUser | null): Promise<{ jobs: FailedJob[]; total: number }> {
  authorize(actor, 'administer');
  const [jobs, [count]] = await Promise.all([
    db.$queryRawUnsafe<FailedJob[]>(
      `SELECT id::text, name, coalesce(data::text, '{}') AS data, retry_count + 1 AS attempts,
              coalesce(output->>'message', output::text) AS error, created_on AS "createdAt", completed_on AS "failedAt"
       FROM ${JOB_SCHEMA}.job WHERE state = 'failed' ORDER BY completed_on DESC NULLS LAST, id LIMIT ${SHOWN}`,
    ),
    db.$queryRawUnsafe<{ total: number }[]>(`SELECT count(*)::int AS total FROM ${JOB_SCHEMA}.job WHERE state = 'failed'`),
  ]);
  return { jobs, total: count?.total ?? 0 };
}

export const retryJobSchema = z.object({ name: z.string().min(1).max(200), id: z.uuid() });

/** Puts a failed job back in its queue, with one more attempt; the worker picks it up at once. */
export async function retryFailedJobAs(actor: CurrentUser | null, input: z.infer<typeof retryJobSchema>): Promise<void> {
  authorize(actor, 'administer');
  const { name, id } = retryJobSchema.parse(input);
  const [found] = await db.$queryRawUnsafe<{ state: string }[]>(`SELECT state::text FROM ${JOB_SCHEMA}.job WHERE name = $1 AND id = $2::uuid`, name, id);
  if (!found) throw new DomainError('NOT_FOUND', 'That job is gone: failed jobs are kept for 14 days.');
  if (found.state !== 'failed') throw new DomainError('CONFLICT', 'That job is not failed any more: it was already retried.');
  await queueCommands.retry(name, id, { db: through(db) });
}

export const listFailedJobs = withCurrentUser(listFailedJobsAs);
export const retryFailedJob = withCurrentUser(retryFailedJobAs);
