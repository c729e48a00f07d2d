// Readiness against the suite's real database: migrated by `npm test`, so every check passes
// until the test takes one of them away.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { configureTagExpiry, startTagExpiryListener, stopTagExpiry } from '@/lib/cache/tag-expiry.mjs';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { runShutdownHooks } from '@/lib/shutdown-hooks';
import { checkReadiness } from './check-readiness';

beforeAll(async () => {
  configureTagExpiry({ databaseUrl: env.DATABASE_URL });
  await startTagExpiryListener({ retryMs: 100 });
});

afterAll(async () => {
  await stopTagExpiry();
});

it('an instance with its database migrated and its listener connected is ready', async () => {
  await expect(checkReadiness()).resolves.toEqual({
    ready: true,
    checks: { server: { ok: true }, database: { ok: true }, migrations: { ok: true }, listeners: { ok: true } },
  });
});

it('a migration the database lacks makes the instance not ready, naming the migration', async () => {
  const [latest] = await db.$queryRaw<{ id: string; migration_name: string }[]>`
    SELECT id, migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`;
  if (!latest) throw new Error('the test database has no migrations recorded');
  await db.$executeRaw`UPDATE "_prisma_migrations" SET finished_at = NULL WHERE id = ${latest.id}`;
  try {
    const readiness = await checkReadiness();
    expect(readiness.ready).toBe(false);
    expect(readiness.checks.migrations).toEqual({ ok: false, reason: `not applied: ${latest.migration_name}` });
    expect(readiness.checks.database).toEqual({ ok: true });
  } finally {
    await db.$executeRaw`UPDATE "_prisma_migrations" SET finished_at = started_at WHERE id = ${latest.id}`;
  }
});

it('an instance that stopped hearing other instances’ cache expiries is not ready', async () => {
  await stopTagExpiry();
  try {
    const readiness = await checkReadiness();
    expect(readiness.ready).toBe(false);
    expect(readiness.checks.listeners).toEqual({ ok: false, reason: 'not listening for cache tag expiries' });
  } finally {
    configureTagExpiry({ databaseUrl: env.DATABASE_URL });
    await startTagExpiryListener({ retryMs: 100 });
  }
});

// Last: a process does not come back from shutting down.
it('an instance that has begun shutting down (SIGTERM) is not ready, so a load balancer stops sending it readers', async () => {
  await runShutdownHooks();
  const readiness = await checkReadiness();
  expect(readiness.ready).toBe(false);
  expect(readiness.checks.server).toEqual({ ok: false, reason: 'shutting down' });
  expect(readiness.checks.database).toEqual({ ok: true });
});
