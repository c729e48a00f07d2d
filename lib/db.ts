// The one Prisma client. Only lib/ imports it.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { noticingUnavailability } from '@/lib/database-unavailable';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { env } from '@/lib/env';

/**
 * Bounds on waiting for PostgreSQL, so that a request never hangs on it (issue
 * 14: an answer within 10 s, a 503 while the database is away). A connection
 * (or a free one from the pool) comes within 5 s; a row lock within 3 s (every
 * post to an article updates its row: a burst queues there); a statement ends
 * within 8 s (server side); the driver gives up on an answer that has not come
 * after 9 s (a server that went away without closing the socket). Parley's
 * statements take milliseconds: hitting these means the database is down or
 * overloaded, which lib/database-unavailable.ts answers 503 with Retry-After.
 */
const CONNECT_TIMEOUT_MS = 5_000;
const LOCK_TIMEOUT_MS = 3_000;
const STATEMENT_TIMEOUT_MS = 8_000;
const QUERY_TIMEOUT_MS = 9_000;

function createClient() {
  // The pool is made here rather than by the adapter so that its use can be
  // read (dbPoolUse, for GET /api/metrics); the adapter ends it on $disconnect.
  const pool = new pg.Pool({
    connectionString: env.DATABASE_URL,
    max: env.DATABASE_POOL_MAX,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    lock_timeout: LOCK_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
  });
  // A request whose query fails for want of the database is answered 503 (lib/database-unavailable.ts).
  const client = new PrismaClient({ adapter: noticingUnavailability(new PrismaPg(pool, { disposeExternalPool: true })) });
  return { client, pool };
}

// Dev hot reload re-evaluates modules; keep one pool instead of leaking one per edit.
const globalForDb = globalThis as unknown as { parleyDb?: ReturnType<typeof createClient>['client']; parleyDbPool?: pg.Pool };
const created = globalForDb.parleyDb && globalForDb.parleyDbPool ? { client: globalForDb.parleyDb, pool: globalForDb.parleyDbPool } : createClient();
export const db = created.client;
if (env.NODE_ENV !== 'production') Object.assign(globalForDb, { parleyDb: created.client, parleyDbPool: created.pool });

/** The pool's connections now: open (at most DATABASE_POOL_MAX), idle among them, and queries waiting for one. */
export function dbPoolUse(): { total: number; idle: number; waiting: number } {
  return { total: created.pool.totalCount, idle: created.pool.idleCount, waiting: created.pool.waitingCount };
}
