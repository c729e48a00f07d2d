// A cluster for one test file: a PostgreSQL of its own (a temporary folder and
// port, driven with pg_ctl so the fault test can stop it), migrated and seeded
// as npm start does, then scripts/support/cluster.ts (nginx, two instances, the
// worker) on the .next-cluster build that scripts/test-cluster.ts made. Each
// process's output goes to <dir>/<name>.log, printed when a test fails.
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../bench/http';
import { seedUsers, type BenchUser } from '../bench/seed';
import { sessionCookies } from '../bench/session';
import { createPgCtlServer, type PgCtlServer } from '../scripts/db/pg-ctl-server';
import { applyMigrations } from '../scripts/db/schema-engine';
import { type Cluster, startCluster } from '../scripts/support/cluster';

export type TestCluster = {
  cluster: Cluster;
  postgres: PgCtlServer;
  databaseUrl: string;
  /** The instances' NEXTAUTH_SECRET: session cookies signed with it are accepted. */
  secret: string;
  /** The seeded article every test posts under. */
  article: { id: string; slug: string; path: string };
  /** A pool on the cluster's database, for fixtures and checks. */
  pool: pg.Pool;
  /** Established accounts (60 days old: the ordinary rate limits), each with a session cookie the instances accept. */
  createUsers(count: number, role?: 'READER' | 'MODERATOR'): Promise<(BenchUser & { cookie: string })[]>;
  /** The last lines of a process's output (app1, app2, worker, nginx) or of PostgreSQL's log. */
  logTail(name: string, lines?: number): Promise<string>;
  stop(): Promise<void>;
};

export async function startTestCluster(): Promise<TestCluster> {
  const dir = await mkdtemp(path.join(tmpdir(), 'parley-cluster-test-'));
  // PostgreSQL's and nginx's unprivileged users (when run as root) work in folders inside.
  await chmod(dir, 0o755);
  const logs = new Map<string, WriteStream>();
  const output = (name: string) => {
    const stream = logs.get(name) ?? createWriteStream(path.join(dir, `${name}.log`), { flags: 'a' });
    logs.set(name, stream);
    return stream;
  };
  const [pgPort, nginxPort, port1, port2] = await distinctFreePorts();
  const postgres = await createPgCtlServer({ dir: path.join(dir, 'postgres'), port: pgPort });
  await postgres.start();
  let cluster: Cluster | undefined;
  let pool: pg.Pool | undefined;
  const stop = async () => {
    await cluster?.stop();
    await pool?.end().catch(() => undefined);
    await postgres.stop('fast').catch(() => undefined);
    for (const stream of logs.values()) stream.end();
    if (!process.env.PARLEY_KEEP_CLUSTER_LOGS) await rm(dir, { recursive: true, force: true });
  };
  try {
    const admin = new pg.Client({ connectionString: postgres.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE parley');
    await admin.end();
    const databaseUrl = withDatabase(postgres.adminUrl, 'parley');
    await applyMigrations(databaseUrl);
    await seed(databaseUrl);
    pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    // Errors of idle clients while the fault test stops the database are expected.
    pool.on('error', () => undefined);
    const { rows } = await pool.query<{ id: string; slug: string }>(`SELECT id, slug FROM "Article" WHERE status = 'PUBLISHED' ORDER BY "publishedAt" LIMIT 1`);
    const article = rows[0];
    if (!article) throw new Error('content/articles seeded no published article.');

    const secret = randomBytes(32).toString('base64');
    const url = `http://localhost:${nginxPort}`;
    cluster = await startCluster({
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        NEXTAUTH_SECRET: secret,
        SITE_URL: url,
        PARLEY_DIST_DIR: '.next-cluster',
        // No mail leaves the test: SMTP is unset, so email jobs fail and are retried, as documented.
        SMTP_URL: '',
        PARLEY_EMBEDDED_DB: '0',
      },
      port: nginxPort,
      instancePorts: [port1, port2],
      dir: path.join(dir, 'nginx'),
      output,
      log: (message) => output('cluster').write(`${message}\n`),
    });
    const runId = randomBytes(3).toString('hex');
    let made = 0;
    const createUsers = async (count: number, role: 'READER' | 'MODERATOR' = 'READER') => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const users = await seedUsers(client, count, `${runId}-${made++}`);
        if (role !== 'READER') await client.query(`UPDATE "User" SET role = $2 WHERE id = ANY($1::uuid[])`, [users.map((user) => user.id), role]);
        const cookies = await sessionCookies(users, { secret, databaseUrl });
        return users.map((user, i) => ({ ...user, cookie: cookies[i]! }));
      } finally {
        await client.end();
      }
    };
    const logTail = async (name: string, lines = 60) =>
      name === 'postgres' ? postgres.logTail(lines) : (await readFile(path.join(dir, `${name}.log`), 'utf8').catch(() => '')).split('\n').slice(-lines).join('\n');
    return { cluster, postgres, databaseUrl, secret, article: { ...article, path: `/articles/${article.slug}` }, pool, createUsers, logTail, stop };
  } catch (error) {
    const tails = await Promise.all(
      ['cluster', 'app1', 'app2', 'worker', 'nginx'].map(async (name) => `--- ${name} ---\n${await readFile(path.join(dir, `${name}.log`), 'utf8').catch(() => '')}`),
    );
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${tails.join('\n').slice(-6000)}`);
  }
}

/** Migrated, with the job queues and content/articles, as npm start leaves a database. */
async function seed(databaseUrl: string) {
  // lib/ reads DATABASE_URL when first imported (lib/env.ts).
  process.env.DATABASE_URL = databaseUrl;
  const { installRegisteredJobQueues } = await import('@/lib/jobs/install-registered-queues');
  await installRegisteredJobQueues(databaseUrl);
  const { seedArticles } = await import('@/lib/articles/seed-articles');
  const { db } = await import('@/lib/db');
  const { stopTagExpiry } = await import('@/lib/cache/tag-expiry.mjs');
  try {
    await seedArticles();
  } finally {
    await Promise.all([db.$disconnect(), stopTagExpiry()]);
  }
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function distinctFreePorts(): Promise<[number, number, number, number]> {
  const ports = new Set<number>();
  while (ports.size < 4) ports.add(await freePort());
  return [...ports] as [number, number, number, number];
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
