// Work the server must finish before its process exits (the in-process job
// worker). Kept on globalThis: lib/server-start.ts registers from inside
// Next.js's bundle, and server/main.ts, compiled apart, runs them on SIGTERM.
type Hook = () => Promise<void>;

const key = Symbol.for('parley.shutdownHooks');
const registry = globalThis as unknown as { [key]?: Hook[] };

export function onServerShutdown(hook: Hook): void {
  (registry[key] ??= []).push(hook);
}

/** Runs every hook at once; a failing hook is reported, not fatal. */
export async function runShutdownHooks(): Promise<void> {
  const hooks = registry[key]?.splice(0) ?? [];
  const results = await Promise.allSettled(hooks.map((hook) => hook()));
  for (const result of results) if (result.status === 'rejected') console.error('Shutdown step failed:', result.reason);
}
