// The one Prisma client. Only lib/ imports it.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { env } from '@/lib/env';

function createClient() {
  // The pool is made here rather than by the adapter so that its use can be
  // read (dbPoolUse, for GET /api/metrics); the adapter ends it on $disconnect.
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_MAX });
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
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
