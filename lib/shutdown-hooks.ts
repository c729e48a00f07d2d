// Work the server must do before its process exits: end the event streams
// (telling browsers to reconnect elsewhere), stop the in-process job worker.
// Kept on globalThis: lib/ registers from inside Next.js's bundle, and
// server/main.ts, compiled apart, runs them on SIGTERM.
import { logFor } from './log';

type Hook = () => Promise<void>;

const key = Symbol.for('parley.shutdownHooks');
const registry = globalThis as unknown as { [key]?: { hooks: Hook[]; started: boolean } };
const state = () => (registry[key] ??= { hooks: [], started: false });

export function onServerShutdown(hook: Hook): void {
  state().hooks.push(hook);
}

/** Whether this process has begun shutting down (GET /api/ready then answers 503). */
export function isShuttingDown(): boolean {
  return state().started;
}

/** Runs every hook at once; a failing hook is reported, not fatal. */
export async function runShutdownHooks(): Promise<void> {
  const current = state();
  current.started = true;
  const hooks = current.hooks.splice(0);
  const results = await Promise.allSettled(hooks.map((hook) => hook()));
  for (const result of results)
    if (result.status === 'rejected') logFor('server').error({ event: 'shutdown.step_failed', err: result.reason as unknown }, 'A shutdown step failed');
}
