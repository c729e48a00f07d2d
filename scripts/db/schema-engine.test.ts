// The Wasm schema engine is not a public Prisma API (see schema-engine.ts), so
// these tests pin down what we rely on, against a real PostgreSQL server: the
// one in DATABASE_URL, on which each test makes and drops its own database.
import { readdir } from 'node:fs/promises';
import pg from 'pg';
import { afterEach, expect, test } from 'vitest';
import { applyMigrations, diffMigrationsToSchema, migrationsDir, withDatabase } from './schema-engine';

function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error('DATABASE_URL is not set: run these tests with `npm test`, or point DATABASE_URL at a PostgreSQL server the tests may create databases on.');
  return url;
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const created: string[] = [];
async function emptyDatabase(): Promise<string> {
  const name = `parley_schema_test_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  created.push(name);
  return withDatabase(serverUrl(), name);
}

afterEach(async () => {
  const names = created.splice(0);
  await admin(async (client) => {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
});

async function committedMigrations(): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

test('migrations apply to an empty database and are recorded in _prisma_migrations', async () => {
  const url = await emptyDatabase();
  const migrations = await committedMigrations();
  expect(migrations.length).toBeGreaterThan(0);

  expect(await applyMigrations(url)).toEqual(migrations);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const recorded = await client.query<{ migration_name: string; finished_at: Date | null }>(
      'SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(recorded.rows.map((row) => row.migration_name)).toEqual(migrations);
    expect(recorded.rows.every((row) => row.finished_at !== null)).toBe(true);
    const tables = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'Article'",
    );
    expect(tables.rowCount).toBe(1);
  } finally {
    await client.end();
  }
});

test('applying migrations a second time applies nothing', async () => {
  const url = await emptyDatabase();
  await applyMigrations(url);
  expect(await applyMigrations(url)).toEqual([]);
});

test('the committed migrations produce exactly schema.prisma (no drift)', async () => {
  // Leaves no shadow database behind either.
  const shadowsBefore = await admin((client) => client.query("SELECT datname FROM pg_database WHERE datname LIKE 'prisma_shadow_%'"));
  expect(await diffMigrationsToSchema(serverUrl())).toBe('');
  const shadowsAfter = await admin((client) => client.query("SELECT datname FROM pg_database WHERE datname LIKE 'prisma_shadow_%'"));
  expect(shadowsAfter.rowCount).toBe(shadowsBefore.rowCount);
});
