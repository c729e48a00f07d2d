// The one Prisma client. Only lib/ imports it.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { env } from '@/lib/env';

function createClient() {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_MAX }),
  });
}

// Dev hot reload re-evaluates modules; keep one pool instead of leaking one per edit.
const globalForDb = globalThis as unknown as { parleyDb?: ReturnType<typeof createClient> };
export const db = globalForDb.parleyDb ?? createClient();
if (env.NODE_ENV !== 'production') globalForDb.parleyDb = db;
