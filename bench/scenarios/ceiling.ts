// Scenario 2: the physical ceiling. The exact bytes (status, headers, body) the
// app answered for the anonymous article page, served by a minimal node:http
// server in a child process, loaded with the same connections for the same
// time from the same bench process. The app's requests/s divided by this is
// the share of what this machine could serve that the app achieves.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stopChild } from '../../scripts/support/processes';
import { onCleanup } from '../cleanup';
import { type App, freePort, rawRequest } from '../http';
import { type LoadFigures, runLoad } from '../load';
import type { BenchOptions } from '../options';
import { sleep } from '../stats';
import { pageHeaders } from './article-page';

export type CeilingFigures = { bytes: number; headers: Record<string, string>; load: LoadFigures };

/** Hop-by-hop and per-response headers the ceiling server sets itself. */
const dropped = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

export async function measureCeiling(app: App, pagePath: string, options: BenchOptions, log: (message: string) => void): Promise<CeilingFigures> {
  const page = await rawRequest(`${app.base}${pagePath}`, { headers: pageHeaders });
  const headers = Object.fromEntries(
    Object.entries(page.headers)
      .filter(([name, value]) => !dropped.has(name) && value !== undefined)
      .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]),
  );
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parley-bench-ceiling-'));
  const removeDir = onCleanup('ceiling files', () => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, 'response.json'), JSON.stringify({ status: page.status, headers }));
  await writeFile(path.join(dir, 'body'), page.body);
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, '..', 'ceiling-server.ts'), String(port), path.join(dir, 'response.json'), path.join(dir, 'body')],
    { stdio: 'inherit' },
  );
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  const stop = onCleanup('ceiling server', () => stopChild({ child, exited }, 'SIGTERM', 5000));
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const ok = await rawRequest(`${base}/`).then(
        (response) => response.status === page.status,
        () => false,
      );
      if (ok) break;
      if (i > 100 || child.exitCode !== null) throw new Error('The ceiling server did not start.');
      await sleep(100);
    }
    const load = await runLoad(
      'ceiling: the same bytes from node:http',
      { url: `${base}${pagePath}`, headers: pageHeaders },
      {
        connections: options.connections,
        seconds: options.pageSeconds,
        warmupSeconds: options.warmupSeconds,
        watched: { pid: child.pid! },
      },
    );
    log(`Ceiling: ${load.rps.toFixed(0)} req/s, p50 ${load.latency.median.toFixed(1)} ms, p99 ${load.latency.p99.toFixed(1)} ms.`);
    return { bytes: page.body.length, headers, load };
  } finally {
    await stop();
    await removeDir();
  }
}
