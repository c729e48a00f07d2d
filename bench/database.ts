// The bench's throwaway database (on DATABASE_URL's server, or an embedded
// PostgreSQL in .data/bench-postgres), dropped at the end; the statements the
// app's code sends, seen at the pg driver; and the database's own counters.
import { randomBytes } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { resolveDatabase, withDatabaseName } from '../scripts/db/local-postgres';
import { applyMigrations } from '../scripts/db/schema-engine';
import { onCleanup } from './cleanup';

const root = path.resolve(import.meta.dirname, '..');

export type BenchDatabase = {
  name: string;
  url: string;
  /** True when the bench started its own (embedded) server. */
  embedded: boolean;
  serverVersion: string;
  migrations: number;
  /** A client on the server's `postgres` database, for CREATE/DROP and statistics. */
  admin: <T>(run: (client: pg.Client) => Promise<T>) => Promise<T>;
  /** The embedded server's log, where `log_statement = all` lands; undefined on DATABASE_URL's server. */
  statementLog: string | undefined;
};

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const server = await resolveDatabase({ dataDir: '.data/bench-postgres', databaseName: 'postgres', defaultPort: 54331 });
  onCleanup('database server', () => server.stop());
  const admin = async <T>(run: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: withDatabaseName(server.url, 'postgres') });
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.end();
    }
  };
  const name = `parley_bench_${randomBytes(4).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  onCleanup(`drop ${name}`, () =>
    admin((client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`)).then(() => console.log(`Dropped ${name}.`)),
  );
  const url = withDatabaseName(server.url, name);
  const applied = await applyMigrations(url);
  const serverVersion = await admin(async (client) => (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?');
  return {
    name,
    url,
    embedded: server.embedded,
    serverVersion,
    migrations: applied.length,
    admin,
    statementLog: server.embedded ? path.join(root, '.data', 'bench-postgres', 'server.log') : undefined,
  };
}

// --- Statements the app's code sends, seen at the pg driver ---------------------------------------
// The Prisma adapter runs every statement through pg.Client#query; while a
// capture is open, record them, to count statements per call and to EXPLAIN or
// replay the real SQL.
export type Statement = { text: string; values: unknown[] };
let capturing: Statement[] | undefined;
{
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the client as `this`
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
    if (capturing) {
      const [config, values] = args;
      const text = typeof config === 'string' ? config : ((config as { text?: string } | undefined)?.text ?? '');
      const vals = (typeof config === 'object' && config && (config as { values?: unknown[] }).values) || (Array.isArray(values) ? values : []);
      capturing.push({ text, values: vals });
    }
    return original.apply(this, args);
  };
}

export async function capture<T>(run: () => Promise<T>): Promise<{ result: T; statements: Statement[] }> {
  capturing = [];
  try {
    const result = await run();
    return { result, statements: capturing };
  } finally {
    capturing = undefined;
  }
}

/**
 * The statement that picks a page's top-level comments (keyset over the
 * article's depth-1 comments), as opposed to the reads by id that follow it
 * and the first replies (LATERAL over unnest).
 */
export const findTopLevelQuery = (statements: Statement[]) =>
  statements.find((s) => /"Comment"\s+c\b/.test(s.text) && /c\."articleId"\s*=/.test(s.text) && !/unnest/i.test(s.text));

// --- The database's own counters ----------------------------------------------------------------
export type DbCounters = { xacts: number; tupReturned: number; tupFetched: number; sessions: number };

export async function dbCounters(db: BenchDatabase): Promise<DbCounters> {
  return db.admin(async (client) => {
    const { rows } = await client.query<{ xacts: string; tup_returned: string; tup_fetched: string; sessions: string }>(
      `SELECT xact_commit + xact_rollback AS xacts, tup_returned, tup_fetched, sessions FROM pg_stat_database WHERE datname = $1`,
      [db.name],
    );
    const row = rows[0];
    if (!row) throw new Error(`pg_stat_database has no row for ${db.name}.`);
    return { xacts: Number(row.xacts), tupReturned: Number(row.tup_returned), tupFetched: Number(row.tup_fetched), sessions: Number(row.sessions) };
  });
}

export const diffCounters = (a: DbCounters, b: DbCounters): DbCounters => ({
  xacts: b.xacts - a.xacts,
  tupReturned: b.tupReturned - a.tupReturned,
  tupFetched: b.tupFetched - a.tupFetched,
  sessions: b.sessions - a.sessions,
});

/** PostgreSQL flushes an idle backend's counters to pg_stat_database within 10 s. */
export const STATS_FLUSH_MS = 11_500;

export const serverNow = (db: BenchDatabase) => db.admin(async (client) => (await client.query<{ now: Date }>('SELECT clock_timestamp() AS now')).rows[0]!.now);

/** Autovacuum and autoanalyze runs on the bench database (they count as transactions there too). */
export async function autovacuumRuns(db: BenchDatabase): Promise<{ table: string; what: string; at: Date }[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ relname: string; last_autovacuum: Date | null; last_autoanalyze: Date | null }>(
      'SELECT relname, last_autovacuum, last_autoanalyze FROM pg_stat_all_tables WHERE last_autovacuum IS NOT NULL OR last_autoanalyze IS NOT NULL',
    );
    return rows.flatMap((row) => [
      ...(row.last_autovacuum ? [{ table: row.relname, what: 'autovacuum', at: row.last_autovacuum }] : []),
      ...(row.last_autoanalyze ? [{ table: row.relname, what: 'autoanalyze', at: row.last_autoanalyze }] : []),
    ]);
  } finally {
    await client.end();
  }
}

/**
 * With the embedded server (whose log the bench owns) every statement of the
 * app's sessions on the bench database is logged, so a window can be counted
 * exactly. Returns a reader of "statements logged since the mark", or undefined.
 */
export async function statementCounter(db: BenchDatabase): Promise<(() => Promise<() => Promise<number>>) | undefined> {
  const file = db.statementLog;
  if (!file) return undefined;
  await db.admin((client) => client.query(`ALTER DATABASE ${client.escapeIdentifier(db.name)} SET log_statement = 'all'`));
  const size = async () => (await stat(file)).size;
  return async () => {
    const from = await size();
    return async () => {
      const to = await size();
      if (to <= from) return 0;
      const handle = await open(file, 'r');
      try {
        const buffer = Buffer.alloc(to - from);
        await handle.read(buffer, 0, buffer.length, from);
        return buffer
          .toString('utf8')
          .split('\n')
          .filter((line) => /LOG:\s+(statement|execute [^:]*):/.test(line)).length;
      } finally {
        await handle.close();
      }
    };
  };
}

/** Database work between two reads of its counters (taken after the app's backends flushed theirs). */
export type DbWindow = { from: Date; to: Date; counters: DbCounters; logged: number | null; maintenance: string[] };

/**
 * Opens a counting window: call it once the app's backends have been idle for
 * STATS_FLUSH_MS, and `close` it STATS_FLUSH_MS after the last request.
 * `maintenance` is filled in at the end of the run (see autovacuumRuns).
 */
export async function openDbWindow(db: BenchDatabase, counter: (() => Promise<() => Promise<number>>) | undefined): Promise<{ close: () => Promise<DbWindow> }> {
  const before = await dbCounters(db);
  const from = await serverNow(db);
  const logged = counter ? await counter() : undefined;
  return {
    close: async () => {
      const after = await dbCounters(db);
      return { from, to: await serverNow(db), counters: diffCounters(before, after), logged: logged ? await logged() : null, maintenance: [] };
    },
  };
}
