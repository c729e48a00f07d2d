import type { Instrumentation } from 'next';
import { isDatabaseUnavailable, noteDatabaseFailure } from './lib/database-unavailable';

// Runs once when a Next.js server starts (see lib/server-start.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') await import('./lib/server-start');
}

/**
 * A page or route that failed because the database is unavailable is answered
 * 503 with Retry-After instead of 500 (lib/database-unavailable.ts). Its query
 * usually noted that already (lib/db.ts); this covers failures of Prisma's own
 * (a transaction that could not start in time), when Next.js reports them
 * before it writes the status.
 */
export const onRequestError: Instrumentation.onRequestError = (error) => {
  if (isDatabaseUnavailable(error)) noteDatabaseFailure();
  return Promise.resolve();
};
