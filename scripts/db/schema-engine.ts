// Prisma's schema engine, run as WebAssembly.
//
// `prisma migrate deploy|dev` need Prisma's native schema engine, which the CLI
// downloads on first use; machines without that download (offline CI, this
// project's build machines) cannot migrate with the CLI. Prisma ships the same
// engine as Wasm in @prisma/schema-engine-wasm (pinned in package.json to the
// version @prisma/internals of our CLI release uses). We load it the way
// Prisma's own loader does and drive it through the pg driver adapter.
// Not a public Prisma API: everything that touches it stays in this file, and
// scripts/db/schema-engine.test.ts checks it. The migrations folder it reads and
// the `_prisma_migrations` table it writes are the standard ones, so
// `prisma migrate deploy` keeps working wherever the native engine exists.
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../..');
export const migrationsDir = path.join(root, 'prisma/migrations');
export const schemaPath = path.join(root, 'prisma/schema.prisma');

type WasmModule = typeof import('@prisma/schema-engine-wasm');
type SchemaEngine = Awaited<ReturnType<WasmModule['SchemaEngine']['new']>>;

let wasmModule: Promise<WasmModule> | undefined;

async function loadWasm(): Promise<WasmModule> {
  const pkgDir = path.dirname(require.resolve('@prisma/schema-engine-wasm'));
  const bindings = (await import(path.join(pkgDir, 'schema_engine_bg.js'))) as WasmModule & { __wbg_set_wasm(exports: WebAssembly.Exports): void };
  const bytes = await readFile(path.join(pkgDir, 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, {
    './schema_engine_bg.js': bindings as unknown as WebAssembly.ModuleImports,
  });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bindings;
}

/**
 * adapter-pg 7.10 cannot read PostgreSQL's one-byte "char" type (OID 18), which
 * the engine's catalog queries return when it describes a database (`diff` from
 * the migrations folder). Those values are single ASCII letters: hand them over
 * as text.
 */
class CharAsTextClient extends pg.Client {
  override query(...args: unknown[]): never {
    const relabel = (result: pg.QueryResult | undefined) => {
      for (const field of result?.fields ?? []) {
        if (field.dataTypeID === 18) field.dataTypeID = 25;
      }
      return result;
    };
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      args[args.length - 1] = (error: Error | null, result?: pg.QueryResult) =>
        (callback as (error: Error | null, result?: pg.QueryResult) => void)(error, relabel(result));
      return pg.Client.prototype.query.apply(this, args as never) as never;
    }
    return (pg.Client.prototype.query.apply(this, args as never) as unknown as Promise<pg.QueryResult>).then(relabel) as never;
  }
}

function poolConfig(connectionString: string): pg.PoolConfig {
  return { connectionString, Client: CharAsTextClient };
}

/**
 * adapter-pg runs a migration script by splitting it on every ";", which breaks
 * statements that contain one (a PL/pgSQL function body). Send the script
 * whole, as the native engine does; PostgreSQL runs a multi-statement simple
 * query in one implicit transaction.
 */
function runScriptsWhole<A extends { executeScript(script: string): Promise<void> }>(adapter: A): A {
  const pool = (adapter as unknown as { client: pg.Pool }).client;
  adapter.executeScript = async (script: string) => {
    await pool.query(script);
  };
  return adapter;
}

/**
 * adapter-pg's shadow database drops the database before closing the pool that
 * is still connected to it, which PostgreSQL refuses; close first, then drop.
 */
class PrismaPgWithShadow extends PrismaPg {
  private readonly opened: { dispose(): Promise<void> }[] = [];

  constructor(private readonly connectionString: string) {
    super(poolConfig(connectionString));
  }

  override async connect(): ReturnType<PrismaPg['connect']> {
    const adapter = runScriptsWhole(await super.connect());
    this.opened.push(adapter);
    return adapter;
  }

  /**
   * engine.free() leaves the engine's connections open, and one of them holds
   * the migration advisory lock until the pool times out (~10 s): close them.
   */
  async disposeAll(): Promise<void> {
    await Promise.all(this.opened.splice(0).map((adapter) => adapter.dispose().catch(() => undefined)));
  }

  override async connectToShadowDb(): ReturnType<PrismaPg['connectToShadowDb']> {
    const name = `prisma_shadow_${crypto.randomUUID().replaceAll('-', '')}`;
    const admin = new pg.Client(this.connectionString);
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const shadow = new PrismaPg(poolConfig(withDatabase(this.connectionString, name)));
    const adapter = runScriptsWhole(await shadow.connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      const dropper = new pg.Client(this.connectionString);
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropper.end();
    };
    return adapter;
  }
}

export function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withSchemaEngine<T>(databaseUrl: string, run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  wasmModule ??= loadWasm();
  const { SchemaEngine } = await wasmModule;
  const datamodel = await readFile(schemaPath, 'utf8');
  const factory = new PrismaPgWithShadow(databaseUrl);
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const engine = await SchemaEngine.new(
    { datamodels: [[schemaPath, datamodel]] },
    (line: string) => {
      if (process.env.PARLEY_MIGRATE_DEBUG) console.error(line);
    },
    adapter,
  );
  try {
    return await run(engine);
  } finally {
    engine.free();
    await factory.disposeAll();
  }
}

const noFilters = { externalTables: [], externalEnums: [] };

export async function readMigrationsList() {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const directories = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: 'migration_lock.toml',
      content: await readFile(lockPath, 'utf8').catch(() => null),
    },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      directories.map(async (name) => ({
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8').then(
            (sql) => ({ tag: 'ok' as const, value: sql }),
            (error: Error) => ({ tag: 'error' as const, value: error.message }),
          ),
        },
      })),
    ),
  };
}

/** Applies every migration not yet recorded in `_prisma_migrations`, like `prisma migrate deploy`. */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const migrationsList = await readMigrationsList();
  return withSchemaEngine(databaseUrl, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList,
      filters: noFilters,
    });
    return appliedMigrationNames;
  });
}

/**
 * SQL that takes a database built from the committed migrations to the current
 * schema.prisma. Empty when they agree. Needs a server to replay the migrations
 * on (a throwaway shadow database is created and dropped).
 */
export async function diffMigrationsToSchema(databaseUrl: string): Promise<string> {
  const migrationsList = await readMigrationsList();
  const datamodel = await readFile(schemaPath, 'utf8');
  return withSchemaEngine(databaseUrl, async (engine) => {
    const result = await engine.diff({
      from: { tag: 'migrations', ...migrationsList },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: datamodel }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    const sql = result.stdout ?? '';
    return sql.includes('-- This is an empty migration.') ? '' : sql;
  });
}
