import type { Instrumentation } from 'next';
import { isDatabaseUnavailable, markDatabaseUnavailable } from './lib/database-unavailable';

// Runs once when a Next.js server starts (see lib/server-start.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') await import('./lib/server-start');
}

/**
 * A page or route that failed because the database is unavailable is answered
 * 503 with Retry-After instead of 500 (lib/database-unavailable.ts). Marked
 * here, synchronously: Next.js does not wait for this hook before it sends the
 * error's status, which Parley's server then rewrites.
 */
export const onRequestError: Instrumentation.onRequestError = (error) => {
  if (isDatabaseUnavailable(error)) markDatabaseUnavailable();
  return Promise.resolve();
};
