// Child processes for the npm scripts, and shutdown on Ctrl-C / SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * The JS file behind a dependency's command, from its package.json "bin", run
 * as `node <file>`: no shell and no .bin shims. (Package "exports" maps often
 * hide these files from require.resolve.)
 */
function binOf(pkg: string, command: string): string {
  const dir = path.join(root, 'node_modules', pkg);
  const { bin } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
  const file = typeof bin === 'string' ? bin : bin?.[command];
  if (!file) throw new Error(`${pkg} has no "${command}" command; run npm ci.`);
  return path.join(dir, file);
}

export const cli = {
  next: () => binOf('next', 'next'),
  tsc: () => binOf('typescript', 'tsc'),
  eslint: () => binOf('eslint', 'eslint'),
  prettier: () => binOf('prettier', 'prettier'),
  tsx: () => binOf('tsx', 'tsx'),
  vitest: () => binOf('vitest', 'vitest'),
  playwright: () => binOf('@playwright/test', 'playwright'),
};

/**
 * `next build` with webpack rather than Next 16's default Turbopack: its
 * browser bundles for the article page are ~6 kB (Brotli) smaller, which keeps
 * an anonymous reader's first-load JavaScript under issue 6's 120 kB budget.
 */
export const nextBuildArgs = ['build', '--webpack'];

/**
 * Parley's HTTP server (server/main.ts): Next.js behind the page cache,
 * compiled and run by server/launch.mjs (not tsx: its loader thread alone
 * holds 33 MB for the server's life). V8 otherwise lets the heap grow to a
 * quarter of the machine's memory before collecting in earnest, and glibc
 * keeps an arena per thread: with a 192 MB heap cap and two arenas the server
 * settled at ~230 MB after a rendering load instead of ~470 MB; with 256 MB it
 * ended the full bench at 326 MB (issue 6 budgets 300). glibc also raises its
 * mmap threshold as large blocks are freed, so later large blocks come from
 * the brk heap, which it can rarely give back: a fixed threshold keeps them in
 * mappings returned on free (at 128 kB: the malloc heap after a load 81 -> 33 MB,
 * the whole server 300 -> 265 MB). At 32 kB it also takes in V8's compiler
 * zones, 32 kB segments: compiling the server bundles on the first requests
 * peaks at ~70 MB of them, which glibc otherwise keeps, scattered, for the
 * server's life (a fresh server after its first pages 273 -> 226 MB, after
 * the bench's cache flood 286 -> 247 MB; 64 kB changes nothing). V8's young
 * generation is capped at 8 MB semi-spaces instead of 16: under load it
 * otherwise holds 32 MB (after the cache flood 286 -> 271 MB).
 */
export const serverCommand = ['--max-old-space-size=192', '--max-semi-space-size=8', path.join(root, 'server', 'launch.mjs')];
export const serverEnv = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '32768' };

export type Spawned = { child: ChildProcess; exited: Promise<number> };

/** Starts `node <entry> ...args` with inherited stdio; `exited` resolves to its exit code (128+n when killed by a signal). */
export function spawnNode(entry: string, args: string[], env: NodeJS.ProcessEnv = process.env): Spawned {
  return spawnNodeWith([entry, ...args], env);
}

/** Starts Parley's server (`--dev` for development) on the given port. */
export function spawnServer(args: string[], env: NodeJS.ProcessEnv = process.env): Spawned {
  return spawnNodeWith([...serverCommand, ...args], { ...serverEnv, ...env });
}

function spawnNodeWith(nodeArgs: string[], env: NodeJS.ProcessEnv): Spawned {
  const child = spawn(process.execPath, nodeArgs, { stdio: 'inherit', env, cwd: root });
  const exited = new Promise<number>((resolve) => {
    child.once('error', (error) => {
      console.error(error.message);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
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
