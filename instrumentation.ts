// Runs once when a Next.js server starts (see lib/stop-on-bad-env.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') await import('./lib/stop-on-bad-env');
}
