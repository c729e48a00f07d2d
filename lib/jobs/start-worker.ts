// The worker: runs every registered job (lib/jobs/job-registry.ts) from
// pg-boss. It runs inside each app process by default (lib/server-start.ts)
// and alone as `npm run worker` (scripts/worker.ts); any number of them may run
// against one database: pg-boss hands each job to one worker at a time
// (SELECT ... FOR UPDATE SKIP LOCKED), and emails are at most once per key
// (lib/email/send-email.ts) should a job still run twice (a worker that died
// mid-job is retried once pg-boss expires its job).
import 'server-only';
import PgBoss from 'pg-boss';
import { logFor } from '@/lib/log';
import type { JobDefinition } from './define-job';
import { ensureQueue, JOB_SCHEMA } from './job-queue';

export type Worker = {
  /** Stops fetching, lets running jobs finish (up to `timeoutMs`), then closes its connections. */
  stop: (timeoutMs?: number) => Promise<void>;
};

export type WorkerOptions = {
  databaseUrl: string;
  jobs: readonly JobDefinition[];
  /** How often each queue is polled for new jobs (pg-boss minimum 0.5). */
  pollingIntervalSeconds?: number;
  /** Runs cron jobs (one worker's schedule is enough, but several do no harm: pg-boss sends each tick once). */
  schedule?: boolean;
};

const log = logFor('jobs');

/** Jobs fetched at a time per queue; each is handled, completed or failed on its own. */
const BATCH_SIZE = 10;

async function runJob(boss: PgBoss, definition: JobDefinition, job: PgBoss.JobWithMetadata<unknown>): Promise<void> {
  const started = Date.now();
  try {
    // Checked again here: the row may come from an older release or a hand-made send.
    const data: unknown = definition.data.parse(job.data);
    await definition.handle(data, { id: job.id, retryCount: job.retryCount });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const willRetry = job.retryCount < job.retryLimit;
    log[willRetry ? 'warn' : 'error']({ event: 'job.failed', job: definition.name, id: job.id, attempt: job.retryCount + 1, willRetry, error: message });
    // pg-boss keeps this as the job's output: the failed-jobs page shows it.
    await boss.fail(definition.name, job.id, { message });
    return;
  }
  log.info({ event: 'job.done', job: definition.name, id: job.id, ms: Date.now() - started });
}

export async function startWorker({ databaseUrl, jobs, pollingIntervalSeconds = 2, schedule = true }: WorkerOptions): Promise<Worker> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: JOB_SCHEMA,
    application_name: 'parley-worker',
    max: 3,
    migrate: true,
    supervise: true,
    schedule,
    // Failed jobs stay in the queue (not the archive) this long, listed and retryable at /admin/jobs.
    archiveFailedAfterSeconds: 14 * 24 * 60 * 60,
  });
  boss.on('error', (error: Error) => log.error({ event: 'job.worker-error', error: error.message }));
  await boss.start();

  for (const definition of jobs) {
    await ensureQueue(boss, definition);
    if (definition.cron) await boss.schedule(definition.name, definition.cron, {}, { tz: 'UTC' });
    await boss.work<unknown>(definition.name, { batchSize: BATCH_SIZE, includeMetadata: true, pollingIntervalSeconds }, async (batch) => {
      for (const job of batch) await runJob(boss, definition, job);
    });
  }
  log.info({ event: 'job.worker-started', queues: jobs.map((job) => job.name) });

  let stopping: Promise<void> | undefined;
  return {
    stop(timeoutMs = 20_000) {
      stopping ??= boss.stop({ graceful: true, wait: true, timeout: timeoutMs }).then(() => log.info({ event: 'job.worker-stopped' }));
      return stopping;
    },
  };
}
