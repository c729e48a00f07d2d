// Imported once when a Next.js server starts (instrumentation.ts).
// 1. lib/env.ts validates the environment when first imported: a missing or
//    malformed setting stops the server here, naming the variable and the fix,
//    rather than failing on some later page view.
// 2. Start hearing other instances' cache tag expiries (lib/cache/tag-expiry.mjs)
//    and, when configured, passing this instance's on to a CDN.
// 3. Start the job worker (emails, digests) in this process, unless
//    PARLEY_WORKER=0 says a separate `npm run worker` does it. server/main.ts
//    stops it on SIGTERM, letting running jobs finish. Either way the job
//    queues exist before the first request (a command enqueueing into a
//    missing queue would fail).
const { flushLog, logFor, setLogLevel } = await import('./log');
let env: typeof import('./env').env;
try {
  ({ env } = await import('./env'));
} catch (error) {
  if (!(error instanceof Error && error.name === 'EnvError')) throw error;
  // Plain text on stderr, not a log line: it is for the person starting the server, and lists a fix per line.
  console.error(error.message);
  await flushLog();
  process.exit(1);
}
setLogLevel(env.LOG_LEVEL);

const { configureTagExpiry, startTagExpiryListener } = await import('./cache/tag-expiry.mjs');
const cacheLog = logFor('cache');
configureTagExpiry({ databaseUrl: env.DATABASE_URL });
await startTagExpiryListener({ log: (event, fields) => cacheLog.warn({ event, ...fields }) });
if (env.CDN_PURGE_URL) {
  const { startCdnPurge } = await import('./cache/cdn-purge');
  startCdnPurge({ url: env.CDN_PURGE_URL, token: env.CDN_PURGE_TOKEN });
}
{
  const { jobRegistry } = await import('./jobs/job-registry');
  if (env.PARLEY_WORKER) {
    const [{ startWorker }, { onServerShutdown }] = await Promise.all([import('./jobs/start-worker'), import('./shutdown-hooks')]);
    const worker = await startWorker({ databaseUrl: env.DATABASE_URL, jobs: jobRegistry });
    onServerShutdown(() => worker.stop(8_000));
  } else {
    const { installJobQueues } = await import('./jobs/job-queue');
    await installJobQueues(env.DATABASE_URL, jobRegistry);
  }
}

export {};
