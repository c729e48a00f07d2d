// What counts as "the database is unavailable" (answered 503 + Retry-After), on
// real failures: a server that is not there, a connection the server ends, a
// statement that times out; and what does not (a constraint, a refusal).
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { formStateFromError } from '@/lib/form-state';
import { newRequestContext } from '@/lib/request-context';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  failedForWantOfDatabase,
  inRequestScope,
  isDatabaseUnavailable,
  noticingUnavailability,
  requestFoundDatabaseUnavailable,
} from './database-unavailable';

const databaseUrl = process.env.DATABASE_URL!;

/** A URL for a port nothing listens on. */
async function closedPortUrl(): Promise<string> {
  const { createServer } = await import('node:net');
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
  const url = new URL(databaseUrl);
  url.port = String(port);
  return url.toString();
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );

afterAll(() => db.$disconnect());

describe('isDatabaseUnavailable', () => {
  test('Prisma on a server that is not there: unavailable', async () => {
    const absent = new PrismaClient({ adapter: new PrismaPg({ connectionString: await closedPortUrl(), connectionTimeoutMillis: 2_000 }) });
    const error = await failureOf(absent.user.count());
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isDatabaseUnavailable(await failureOf(absent.$transaction((tx) => tx.user.count())))).toBe(true);
    await absent.$disconnect();
  });

  test('a connection the server ends (as a fast shutdown does) and a statement past its timeout: unavailable', async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    client.on('error', () => undefined);
    await client.connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    const terminated = failureOf(client.query('SELECT pg_sleep(5)'));
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    expect(isDatabaseUnavailable(await terminated)).toBe(true);

    await admin.query(`SET statement_timeout = '50ms'`);
    expect(isDatabaseUnavailable(await failureOf(admin.query('SELECT pg_sleep(1)')))).toBe(true);
    await admin.end();
  });

  test('a constraint violation, a bad statement or a refusal: not unavailable', async () => {
    const unknownTable = await failureOf(db.$executeRawUnsafe(`SELECT 1 FROM no_such_table_here`));
    expect(isDatabaseUnavailable(unknownTable)).toBe(false);
    expect(isDatabaseUnavailable(await failureOf(db.user.create({ data: { id: 'not-a-uuid', email: 'x@example.test', name: 'X' } })))).toBe(false);
    expect(isDatabaseUnavailable(new DomainError('RATE_LIMITED', 'Slow down.'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('Something else'))).toBe(false);
  });
});

describe('a form whose command found the database unavailable', () => {
  test('gets a state that says so, keeps what was typed, and marks its request for a 503', async () => {
    const absent = new PrismaClient({ adapter: new PrismaPg({ connectionString: await closedPortUrl(), connectionTimeoutMillis: 2_000 }) });
    const error = await failureOf(absent.user.count());
    await absent.$disconnect();
    const { state, marked } = inRequestScope(() => {
      const state = formStateFromError(error, { body: 'My long comment' });
      return { state, marked: requestFoundDatabaseUnavailable() };
    });
    expect(state).toMatchObject({ ok: false, code: 'UNAVAILABLE', retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS, values: { body: 'My long comment' } });
    expect(state.message).toMatch(/try again in a few seconds/);
    expect(marked).toBe(true);
    // Another request is not affected.
    expect(inRequestScope(() => requestFoundDatabaseUnavailable())).toBe(false);
  });
});

describe('a request that failed while the database was away', () => {
  test('is put down to the database when a query of another request failed for want of it moments ago, not otherwise', async () => {
    const absent = new PrismaClient({ adapter: noticingUnavailability(new PrismaPg({ connectionString: await closedPortUrl(), connectionTimeoutMillis: 2_000 })) });
    // A reader who only waited on that query (a shared cached page being filled) saw no failure of their own.
    const waiter = newRequestContext();
    await inRequestScope(() => absent.user.count().catch(() => undefined));
    await absent.$disconnect();
    expect(waiter.sawDatabaseFailure).toBe(false);
    expect(failedForWantOfDatabase(waiter)).toBe(true);
    // Once a Retry-After has passed without another failure, a 500 is a 500.
    expect(failedForWantOfDatabase(waiter, performance.now() + DATABASE_RETRY_AFTER_SECONDS * 1000 + 1)).toBe(false);
  });
});

describe('a request whose query fails for want of the database', () => {
  test('is noted in its own scope where the query fails, whatever then becomes of the error; a failing statement is not', async () => {
    const absent = new PrismaClient({ adapter: noticingUnavailability(new PrismaPg({ connectionString: await closedPortUrl(), connectionTimeoutMillis: 2_000 })) });
    const present = new PrismaClient({ adapter: noticingUnavailability(new PrismaPg({ connectionString: databaseUrl })) });
    const noted = await inRequestScope(async (scope) => {
      await absent.user.count().catch(() => undefined);
      return scope.sawDatabaseFailure;
    });
    const notNoted = await inRequestScope(async (scope) => {
      await present.$executeRawUnsafe('SELECT 1 FROM no_such_table_here').catch(() => undefined);
      expect(await present.$transaction((tx) => tx.user.count())).toBeGreaterThanOrEqual(0);
      return scope.sawDatabaseFailure;
    });
    expect(noted).toBe(true);
    expect(notNoted).toBe(false);
    await Promise.all([absent.$disconnect(), present.$disconnect()]);
  });
});
