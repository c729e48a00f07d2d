import 'server-only';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { isTagExpiryListenerConnected } from '@/lib/cache/tag-expiry.mjs';
import { commentStreamHub } from '@/lib/comments/comment-stream';
import { db } from '@/lib/db';
import { notificationHub } from '@/lib/notifications/notification-stream';
import { isShuttingDown } from '@/lib/shutdown-hooks';

/** A load balancer waits about this long; a check that takes longer counts as failed. */
const CHECK_TIMEOUT_MS = 2_000;

export type ReadinessCheck = { ok: true } | { ok: false; reason: string };
export type Readiness = {
  ready: boolean;
  checks: { server: ReadinessCheck; database: ReadinessCheck; migrations: ReadinessCheck; listeners: ReadinessCheck };
};

/**
 * Whether this instance can serve: PostgreSQL answers, every migration in
 * prisma/migrations is applied (a new build in front of an old schema must not
 * take traffic), and the LISTEN connections other instances' changes arrive on
 * are up (without them this instance would serve expired pages). An instance
 * that is shutting down (SIGTERM) is not ready, whatever the rest says.
 */
export async function checkReadiness(): Promise<Readiness> {
  const database = await withTimeout(db.$queryRaw`SELECT 1`.then(() => undefined));
  const migrations = database.ok
    ? await withTimeout(missingMigrations().then((missing) => (missing.length ? `not applied: ${missing.join(', ')}` : undefined)))
    : ({ ok: false, reason: 'not checked: the database is unreachable' } as const);
  const listeners = listenerCheck();
  const server: ReadinessCheck = isShuttingDown() ? { ok: false, reason: 'shutting down' } : { ok: true };
  return { ready: server.ok && database.ok && migrations.ok && listeners.ok, checks: { server, database, migrations, listeners } };
}

async function missingMigrations(): Promise<string[]> {
  const folder = path.join(process.cwd(), 'prisma', 'migrations');
  const expected = (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const applied = await db.$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const done = new Set(applied.map((row) => row.migration_name));
  return expected.filter((name) => !done.has(name)).sort();
}

function listenerCheck(): ReadinessCheck {
  if (!isTagExpiryListenerConnected()) return { ok: false, reason: 'not listening for cache tag expiries' };
  // The live streams connect only while someone watches one.
  if (commentStreamHub.subscriberCount > 0 && !commentStreamHub.connected) return { ok: false, reason: 'not listening for comment events' };
  if (notificationHub.subscriberCount > 0 && !notificationHub.connected) return { ok: false, reason: 'not listening for notifications' };
  return { ok: true };
}

async function withTimeout(check: Promise<string | undefined>): Promise<ReadinessCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${CHECK_TIMEOUT_MS} ms`), CHECK_TIMEOUT_MS);
  });
  try {
    const reason = await Promise.race([check.catch((error: unknown) => (error instanceof Error ? error.message : String(error))), timeout]);
    return reason === undefined ? { ok: true } : { ok: false, reason };
  } finally {
    clearTimeout(timer);
  }
}
