import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';

export type RateLimitRule = {
  /** Attempts allowed per window. */
  limit: number;
  windowSeconds: number;
};

export type RateLimitResult = { allowed: boolean; remaining: number; retryAfterSeconds: number };

export type RateLimitAttempt = { key: string; rule: RateLimitRule };

/**
 * Counts one attempt against each key in a fixed window kept in PostgreSQL,
 * so every app instance shares the count. One atomic statement for all the
 * keys: concurrent attempts cannot both slip under a limit, and a post or a
 * sign-in pays one round trip for its several limits. Inside a transaction
 * the rows stay locked until it ends, which serializes one key's attempts.
 * Results come in the order of `attempts`.
 */
export async function consumeRateLimits(attempts: RateLimitAttempt[], client: Prisma.TransactionClient = db): Promise<RateLimitResult[]> {
  const keys = attempts.map((a) => a.key);
  // PostgreSQL refuses to update one row twice in a statement.
  if (new Set(keys).size !== keys.length) throw new Error(`rate limit keys repeat: ${keys.join(', ')}`);
  const rows = await client.$queryRaw<{ key: string; count: number; seconds_left: number }[]>`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count", "expiresAt")
    SELECT attempt.key, now(), 1, now() + make_interval(secs => attempt.seconds)
    FROM unnest(${keys}::text[], ${attempts.map((a) => a.rule.windowSeconds)}::int[]) AS attempt(key, seconds)
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitBucket"."expiresAt" <= now() THEN 1 ELSE "RateLimitBucket"."count" + 1 END,
      "windowStart" = CASE WHEN "RateLimitBucket"."expiresAt" <= now() THEN now() ELSE "RateLimitBucket"."windowStart" END,
      "expiresAt" = CASE WHEN "RateLimitBucket"."expiresAt" <= now() THEN excluded."expiresAt" ELSE "RateLimitBucket"."expiresAt" END
    RETURNING "key", "count", EXTRACT(EPOCH FROM ("expiresAt" - now()))::float8 AS seconds_left`;
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return attempts.map(({ key, rule }) => {
    const row = byKey.get(key);
    if (!row) throw new Error(`rate limit upsert returned no row for ${key}`);
    const allowed = row.count <= rule.limit;
    return {
      allowed,
      remaining: Math.max(0, rule.limit - row.count),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(row.seconds_left)),
    };
  });
}

/** Counts one attempt against `key` (see consumeRateLimits). */
export async function consumeRateLimit(key: string, rule: RateLimitRule, client: Prisma.TransactionClient = db): Promise<RateLimitResult> {
  const [result] = await consumeRateLimits([{ key, rule }], client);
  return result!;
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
