// The app under test: a production build in its own folder (.next-bench, so a
// served or tested .next is never touched), served the way `npm start` serves
// it, on a free loopback port.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sourceHash } from '../scripts/support/build-stamp';
import { cli, nextBuildArgs, serverCommand, serverEnv, type Spawned, spawnNode, stopChild } from '../scripts/support/processes';
import { onCleanup } from './cleanup';
import type { Watched } from './monitor';
import { since, sleep } from './stats';

const root = path.resolve(import.meta.dirname, '..');
export const benchDistDir = '.next-bench';

/**
 * Builds into `distDir` (.next-bench; the cluster tests' .next-cluster) unless the build there was made from the same sources.
 * `next build` with another distDir may add it to tsconfig.json's include list:
 * the file is put back as it was.
 */
export async function buildIfNeeded(env: NodeJS.ProcessEnv, force: boolean, distDir = benchDistDir): Promise<{ built: boolean; seconds: number }> {
  const stampFile = path.join(root, distDir, 'parley-bench-stamp');
  // The build's own arguments are part of what it was made from.
  const hash = `${await sourceHash()} ${nextBuildArgs.join(' ')}`;
  const current = existsSync(path.join(root, distDir, 'BUILD_ID')) && (await readFile(stampFile, 'utf8').catch(() => '')).trim() === hash;
  if (current && !force) return { built: false, seconds: 0 };
  const tsconfig = path.join(root, 'tsconfig.json');
  const tsconfigBefore = await readFile(tsconfig, 'utf8');
  const started = performance.now();
  try {
    // `npm start`'s own build (nextBuildArgs). Not split into --experimental-build-mode
    // compile + generate: with a proxy.ts, Next 16.4's generate step renames
    // server/proxy.js a second time and fails with ENOENT.
    const build = spawnNode(cli.next(), nextBuildArgs, { ...env, PARLEY_DIST_DIR: distDir });
    const code = await build.exited;
    if (code !== 0) throw new Error(`next ${nextBuildArgs.join(' ')} failed (exit code ${code}).`);
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

export type Server = Spawned & { port: number; base: string; logFile: string };

/**
 * Where the server's output goes: a file, not the bench's console, which one
 * log line per request (tens of thousands a round) would drown. Writing them is
 * part of what a request costs in production, so they are written, at the
 * level production uses.
 */
export const serverLogFile = (port: number) => path.join(os.tmpdir(), `parley-bench-server-${port}.log`);

/** Starts `node <args>` with its output appended to `logFile`. */
function spawnLogged(args: string[], env: NodeJS.ProcessEnv, logFile: string): Spawned {
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { stdio: ['ignore', fd, fd], env, cwd: root });
  closeSync(fd);
  const exited = new Promise<number>((resolve) => {
    child.once('error', () => resolve(1));
    child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0)));
  });
  return { child, exited };
}

/** The production server exactly as `npm start` runs it (scripts/support/processes.ts): its node flags and environment. */
export const serverLabel = () =>
  `${Object.entries(serverEnv)
    .map(([name, value]) => `${name}=${value} `)
    .join('')}node ${serverCommand.map((arg) => path.relative(root, arg) || arg).join(' ')}`;

export async function startServer(env: NodeJS.ProcessEnv, port: number, nodeArgs: string[] = []): Promise<Server> {
  const logFile = serverLogFile(port);
  const spawned = spawnLogged([...nodeArgs, ...serverCommand, '--port', String(port), '--hostname', '127.0.0.1'], { ...serverEnv, ...env }, logFile);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  let exited = false;
  void spawned.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    const ok = await fetch(`${base}/robots.txt`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return { ...spawned, port, base, logFile };
    await sleep(250);
  }
  await stopChild(spawned);
  const output = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-20).join('\n');
  throw new Error(`The server ${exited ? 'exited before serving' : 'did not answer within 60 s'}; the end of its output (${logFile}):\n${output}`);
}

export const stopServer = (server: Server) => stopChild(server, 'SIGTERM', 10_000);

/** The app under test: one server (`launchApp`), or nginx in front of instances (scenarios/cluster.ts), whose processes the monitor watches. */
export type App = Watched & { base: string; secret: string; databaseUrl: string; build: { built: boolean; seconds: number }; stop: () => Promise<void> };

/** The environment the bench serves the app with: its database and session secret, the build in .next-bench, no worker. */
export function appEnv(databaseUrl: string, secret: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: secret,
    NEXT_TELEMETRY_DISABLED: '1',
    PARLEY_DIST_DIR: benchDistDir,
    // The job worker polls its queues (a few transactions a second), which the
    // anonymous page's "0 transactions per view" window would count; no scenario
    // measures delivery. The app still makes the queues and enqueues.
    PARLEY_WORKER: '0',
  };
  delete env.PARLEY_EMBEDDED_DB;
  delete env.SITE_URL;
  delete env.TRUST_PROXY;
  return env;
}

/**
 * Builds (when needed) and starts the production app on the bench database, with
 * a session secret of the bench's own (to mint session cookies). Registered for
 * cleanup: the server is stopped whatever happens.
 */
export async function launchApp(
  databaseUrl: string,
  {
    rebuild,
    secret = randomBytes(32).toString('base64'),
    nodeArgs = [],
    reuseBuild = false,
  }: {
    rebuild: boolean;
    secret?: string;
    nodeArgs?: string[];
    /** Serve .next-bench as it is, even if the sources changed since (a second server for the same run). */ reuseBuild?: boolean;
  },
  log: (message: string) => void,
): Promise<App> {
  const env = appEnv(databaseUrl, secret);
  let build = { built: false, seconds: 0 };
  if (!reuseBuild) {
    log(`Production build into ${benchDistDir} (only when the sources changed since the last bench build)...`);
    build = await buildIfNeeded(env, rebuild);
    log(build.built ? `Built in ${build.seconds.toFixed(0)} s.` : 'Build is current; reusing it.');
  }
  await clearDataCache();
  const port = await freePort();
  const server = await startServer({ ...env, PORT: String(port) }, port, nodeArgs);
  const stop = onCleanup('app server', () => stopServer(server));
  log(`${serverLabel()} on ${server.base} (pid ${server.child.pid}); its log: ${server.logFile}.`);
  return { base: server.base, pid: server.child.pid!, secret, databaseUrl, build, stop };
}

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer; ms: number };

/** One request with node:http: the body exactly as it came over the wire (never decompressed). */
export function rawRequest(
  url: string,
  { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request(url, { method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), ms: since(started) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}
