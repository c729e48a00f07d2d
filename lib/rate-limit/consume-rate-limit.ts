import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';

export type RateLimitRule = {
  /** Attempts allowed per window. */
  limit: number;
  windowSeconds: number;
};

export type RateLimitResult = { allowed: boolean; remaining: number; retryAfterSeconds: number };

/**
 * Counts one attempt against `key` in a fixed window kept in PostgreSQL, so
 * every app instance shares the count. One atomic statement: concurrent
 * attempts cannot both slip under the limit. Inside a transaction the row
 * stays locked until it ends, which serializes one key's attempts.
 */
export async function consumeRateLimit(key: string, rule: RateLimitRule, client: Prisma.TransactionClient = db): Promise<RateLimitResult> {
  const rows = await client.$queryRaw<{ count: number; seconds_left: number }[]>`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count", "expiresAt")
    VALUES (${key}, now(), 1, now() + make_interval(secs => ${rule.windowSeconds}))
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitBucket"."expiresAt" <= now() THEN 1 ELSE "RateLimitBucket"."count" + 1 END,
      "windowStart" = CASE WHEN "RateLimitBucket"."expiresAt" <= now() THEN now() ELSE "RateLimitBucket"."windowStart" END,
      "expiresAt" = CASE WHEN "RateLimitBucket"."expiresAt" <= now() THEN now() + make_interval(secs => ${rule.windowSeconds}) ELSE "RateLimitBucket"."expiresAt" END
    RETURNING "count", EXTRACT(EPOCH FROM ("expiresAt" - now()))::float8 AS seconds_left`;
  const row = rows[0];
  if (!row) throw new Error('rate limit upsert returned no row');
  const allowed = row.count <= rule.limit;
  return {
    allowed,
    remaining: Math.max(0, rule.limit - row.count),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(row.seconds_left)),
  };
}

/** Forgets a key, e.g. the per-account sign-in count after a successful sign-in. */
export async function resetRateLimit(key: string): Promise<void> {
  await db.rateLimitBucket.deleteMany({ where: { key } });
}

/** Drops expired windows; called opportunistically so the table stays small. */
export async function pruneRateLimits(): Promise<number> {
  const { count } = await db.rateLimitBucket.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return count;
}
