// Child processes for the npm scripts, and shutdown on Ctrl-C / SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** node + the JS entry of a dependency's CLI: no shell, no .bin shims, same on every OS. */
export const cli = {
  next: () => require.resolve('next/dist/bin/next'),
  tsc: () => require.resolve('typescript/bin/tsc'),
  vitest: () => require.resolve('vitest/vitest.mjs'),
  playwright: () => require.resolve('@playwright/test/cli.js'),
};

export type Spawned = { child: ChildProcess; exited: Promise<number> };

/** Starts `node <entry> ...args` with inherited stdio; `exited` resolves to its exit code (128+n when killed by a signal). */
export function spawnNode(entry: string, args: string[], env: NodeJS.ProcessEnv = process.env): Spawned {
  const child = spawn(process.execPath, [entry, ...args], { stdio: 'inherit', env });
  const exited = new Promise<number>((resolve) => {
    child.once('error', (error) => {
      console.error(error.message);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 143)));
  });
  return { child, exited };
}

/** Asks a child to stop, then insists after `graceMs`. */
export async function stopChild({ child, exited }: Spawned, signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<number> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }
  return exited;
}

/**
 * Runs `cleanup` once on the first SIGINT/SIGTERM/SIGHUP, then exits with the code
 * it returns. A second Ctrl-C while cleaning up is ignored on purpose: cutting
 * the cleanup short is what leaves databases and servers behind.
 */
export function onShutdownSignal(cleanup: (signal: NodeJS.Signals) => Promise<number>) {
  let started = false;
  const handler = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    console.log(`\n${signal} received: shutting down...`);
    cleanup(signal).then(
      (code) => process.exit(code),
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, handler);
}
