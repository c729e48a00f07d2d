// npm run worker: the job worker alone (emails, digests), for when app
// instances scale out and run with PARLEY_WORKER=0. Uses DATABASE_URL and the
// same settings as the app (SMTP_URL, MAIL_FROM, SITE_URL, NEXTAUTH_SECRET, LOG_LEVEL).
// SIGTERM / Ctrl-C stop fetching, let running jobs finish, then exit.
import { flushLog, logFor, setLogLevel } from '@/lib/log';

const log = logFor('worker');

async function main() {
  let env: typeof import('@/lib/env').env;
  try {
    ({ env } = await import('@/lib/env'));
  } catch (error) {
    if (!(error instanceof Error && error.name === 'EnvError')) throw error;
    // Plain text: it is for the person starting the worker, and lists a fix per line.
    console.error(error.message);
    process.exit(1);
  }
  setLogLevel(env.LOG_LEVEL);
  const { startWorker } = await import('@/lib/jobs/start-worker');
  const { jobRegistry } = await import('@/lib/jobs/job-registry');
  const { db } = await import('@/lib/db');

  const worker = await startWorker({ databaseUrl: env.DATABASE_URL, jobs: jobRegistry });
  log.info(
    { event: 'worker.ready', jobs: jobRegistry.map((job) => job.name) },
    `Parley worker running ${jobRegistry.length} job(s): ${jobRegistry.map((job) => job.name).join(', ')}. Ctrl-C stops it.`,
  );

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info({ event: 'worker.stopping', signal }, `${signal}: finishing running jobs...`);
      worker
        .stop()
        .then(() => db.$disconnect())
        .then(
          () => flushLog().then(() => process.exit(0)),
          (error: unknown) => {
            log.error({ event: 'worker.stop_failed', err: error }, 'Stopping the worker failed');
            void flushLog().finally(() => process.exit(1));
          },
        );
    });
  }
}

main().catch((error: unknown) => {
  log.fatal({ event: 'worker.failed', err: error }, 'The worker could not start');
  void flushLog().finally(() => process.exit(1));
});
