// Enqueue a job inside the caller's transaction: the job exists if and only if
// what caused it (a comment, a moderation decision) commits. Sending is never
// on the request path; a worker picks the job up (lib/jobs/start-worker.ts).
import 'server-only';
import type { z } from 'zod';
import type { JobDefinition } from './define-job';
import { JOB_SCHEMA, jobIdForKey } from './job-queue';
import { queueCommands, through, type Queryable } from './queue-through-prisma';

export type EnqueueOptions = {
  /** Idempotency key: enqueuing the same key twice (for the same job) makes one job. */
  key?: string;
  /** Not before this time (a later attempt at a throttled email, a scheduled reminder). */
  startAfter?: Date;
};

/**
 * Writes the job through `db` (a transaction client, or the plain client for a
 * job on its own). Returns the job's id, or null when a job with this key
 * already exists.
 */
export async function enqueueJob<Schema extends z.ZodType>(
  db: Queryable,
  job: JobDefinition<Schema>,
  data: z.input<Schema>,
  options: EnqueueOptions = {},
): Promise<string | null> {
  const parsed = job.data.parse(data) as object;
  const connection = through(db);
  const id = await queueCommands.send(job.name, parsed ?? {}, {
    db: connection,
    ...(options.key !== undefined && { id: jobIdForKey(job.name, options.key), singletonKey: options.key }),
    ...(options.startAfter && { startAfter: options.startAfter }),
  });
  if (id === null) {
    // pg-boss inserts nothing, silently, into a queue that does not exist: say so
    // rather than lose the job (the queues are made by installJobQueues).
    const { rows } = await connection.executeSql(`SELECT 1 FROM ${JOB_SCHEMA}.queue WHERE name = $1`, [job.name]);
    if (rows.length === 0)
      throw new Error(`No job queue "${job.name}": add the job to lib/jobs/job-registry.ts and start the app or the worker once (installJobQueues).`);
  }
  return id;
}
