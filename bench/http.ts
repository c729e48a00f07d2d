// The HTTP half of the bench: a production build in its own folder (.next-bench,
// so a served or tested .next is never touched), `next start` on a free loopback
// port, a bounded concurrent fetch loop, and the server's memory from /proc.
import { existsSync } from 'node:fs';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { sourceHash } from '../scripts/support/build-stamp';
import { cli, type Spawned, spawnNode, stopChild } from '../scripts/support/processes';
import { since, sleep, summarize, type Summary } from './stats';

const root = path.resolve(import.meta.dirname, '..');
export const benchDistDir = '.next-bench';
const stampFile = path.join(root, benchDistDir, 'parley-bench-stamp');

/**
 * Builds into .next-bench unless the build there was made from the same sources.
 * `next build` with another distDir may add it to tsconfig.json's include list:
 * the file is put back as it was.
 */
export async function buildIfNeeded(env: NodeJS.ProcessEnv, force: boolean): Promise<{ built: boolean; seconds: number }> {
  const hash = await sourceHash();
  const current = existsSync(path.join(root, benchDistDir, 'BUILD_ID')) && (await readFile(stampFile, 'utf8').catch(() => '')).trim() === hash;
  if (current && !force) return { built: false, seconds: 0 };
  const tsconfig = path.join(root, 'tsconfig.json');
  const tsconfigBefore = await readFile(tsconfig, 'utf8');
  const started = performance.now();
  try {
    // Compile, then generate: the same build minus its type check, which is `npm test`'s
    // job and would also read the shared .next/types of whatever another build left there.
    for (const mode of ['compile', 'generate']) {
      const build = spawnNode(cli.next(), ['build', `--experimental-build-mode=${mode}`], env);
      const code = await build.exited;
      if (code !== 0) throw new Error(`next build --experimental-build-mode=${mode} failed (exit code ${code}).`);
    }
  } finally {
    if ((await readFile(tsconfig, 'utf8')) !== tsconfigBefore) await writeFile(tsconfig, tsconfigBefore);
  }
  await writeFile(stampFile, `${hash}\n`);
  return { built: true, seconds: since(started) / 1000 };
}

/** Next's data cache from an earlier bench run belongs to a dropped database. */
export async function clearDataCache() {
  await rm(path.join(root, benchDistDir, 'cache', 'fetch-cache'), { recursive: true, force: true });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export type Server = Spawned & { port: number; base: string };

export async function startServer(env: NodeJS.ProcessEnv, port: number): Promise<Server> {
  const spawned = spawnNode(cli.next(), ['start', '--port', String(port), '--hostname', '127.0.0.1'], env);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  let exited = false;
  void spawned.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    const ok = await fetch(`${base}/robots.txt`).then((response) => response.ok, () => false);
    if (ok) return { ...spawned, port, base };
    await sleep(250);
  }
  await stopChild(spawned);
  throw new Error(exited ? 'next start exited before serving.' : 'next start did not answer within 60 s.');
}

export const stopServer = (server: Server) => stopChild(server, 'SIGTERM', 10_000);

/** Resident memory of a process and its descendants (Linux /proc), in bytes. */
export async function treeRss(pid: number): Promise<{ bytes: number; processes: number }> {
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (Number.isInteger(ppid)) parents.set(Number(entry), ppid);
  }
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, parent] of parents) {
      if (tree.has(parent) && !tree.has(child)) {
        tree.add(child);
        grew = true;
      }
    }
  }
  let bytes = 0;
  for (const member of tree) {
    const status = await readFile(`/proc/${member}/status`, 'utf8').catch(() => '');
    const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 0);
    bytes += kb * 1024;
  }
  return { bytes, processes: tree.size };
}

export type LoadResult = {
  requests: number;
  errors: number;
  statuses: Record<string, number>;
  seconds: number;
  rps: number;
  latency: Summary;
  bytesPerResponse: number;
};

/**
 * `concurrency` loops fetching `url` until `maxRequests` are done or `maxSeconds`
 * have passed, whichever comes first. Latency is time to the full body.
 */
export async function load(url: string, { concurrency, maxRequests, maxSeconds }: { concurrency: number; maxRequests: number; maxSeconds: number }): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let issued = 0;
  let errors = 0;
  let bytes = 0;
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  const worker = async () => {
    while (issued < maxRequests && performance.now() < deadline) {
      issued++;
      const t0 = performance.now();
      try {
        const response = await fetch(url, { redirect: 'manual' });
        const body = await response.arrayBuffer();
        latencies.push(since(t0));
        bytes += body.byteLength;
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        if (response.status !== 200) errors++;
      } catch {
        errors++;
        statuses.error = (statuses.error ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = since(started) / 1000;
  return {
    requests: latencies.length,
    errors,
    statuses,
    seconds,
    rps: latencies.length / seconds,
    latency: summarize(latencies),
    bytesPerResponse: latencies.length ? bytes / latencies.length : 0,
  };
}
