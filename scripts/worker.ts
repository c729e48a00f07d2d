// npm run worker: the job worker alone (emails, digests), for when app
// instances scale out and run with PARLEY_WORKER=0. Uses DATABASE_URL and the
// same settings as the app (SMTP_URL, MAIL_FROM, SITE_URL, NEXTAUTH_SECRET).
// SIGTERM / Ctrl-C stop fetching, let running jobs finish, then exit.
async function main() {
  let env: typeof import('@/lib/env').env;
  try {
    ({ env } = await import('@/lib/env'));
  } catch (error) {
    if (!(error instanceof Error && error.name === 'EnvError')) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const { startWorker } = await import('@/lib/jobs/start-worker');
  const { jobRegistry } = await import('@/lib/jobs/job-registry');
  const { db } = await import('@/lib/db');

  const worker = await startWorker({ databaseUrl: env.DATABASE_URL, jobs: jobRegistry });
  console.log(`Parley worker running ${jobRegistry.length} job(s): ${jobRegistry.map((job) => job.name).join(', ')}. Ctrl-C stops it.`);

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal}: finishing running jobs...`);
      worker
        .stop()
        .then(() => db.$disconnect())
        .then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(error);
            process.exit(1);
          },
        );
    });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
