// Makes pg-boss's schema and a queue for every registered job in a database:
// npm start and npm test run it after the migrations, so the app can enqueue
// before any worker has started. Imports the registry (and so lib/env.ts):
// set DATABASE_URL before calling it from a script.
import { installJobQueues } from './job-queue';

export async function installRegisteredJobQueues(databaseUrl: string): Promise<void> {
  const { jobRegistry } = await import('./job-registry');
  await installJobQueues(databaseUrl, jobRegistry);
}
