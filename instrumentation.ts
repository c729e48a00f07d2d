// Runs once when a Next.js server starts (see lib/server-start.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') await import('./lib/server-start');
}
