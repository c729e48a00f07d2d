// Next's data cache is per app instance. When data changes, the instance that
// changed it drops its own entries at once (updateTag); this broadcasts the
// same tags over PostgreSQL NOTIFY so every other instance drops them too
// (lib/cache/cache-invalidation-listener.ts), and so can a command-line seed.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { logEvent } from '@/lib/log';
import { expireDataTagsInProcess } from './data-cache-hook';

export const CACHE_CHANNEL = 'parley_cache';

export type CacheInvalidation = { tags: string[]; origin: string };

const globalForInstance = globalThis as unknown as { parleyInstanceId?: string };
/** This process's id, so an instance skips the broadcasts it sent itself. */
export const instanceId = (globalForInstance.parleyInstanceId ??= randomUUID());

export async function broadcastCacheInvalidation(tags: string[]): Promise<void> {
  const message: CacheInvalidation = { tags, origin: instanceId };
  await db.$executeRaw`SELECT pg_notify(${CACHE_CHANNEL}, ${JSON.stringify(message)})`;
}

/**
 * Expires tags in this instance's data cache from outside a server action's
 * bookkeeping: used by the listener for other instances' changes, and by
 * actions that must not re-render the page. In process when the server
 * registered a way to (server/main.ts), otherwise through this instance's
 * revalidation route.
 */
export async function expireTagsInThisInstance(tags: string[]): Promise<void> {
  if (expireDataTagsInProcess(tags)) return;
  const body = JSON.stringify({ tags });
  const response = await fetch(`http://127.0.0.1:${env.PORT}/api/internal/revalidate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Parley-Signature': signInvalidation(body) },
    body,
  });
  if (!response.ok) logEvent('cache.invalidation.refused', { status: response.status }, 'warn');
}

/** Signs the listener's request to its own instance's revalidation route. */
export function signInvalidation(body: string): string {
  return createHmac('sha256', env.NEXTAUTH_SECRET).update(`parley-cache:${body}`).digest('hex');
}

export function verifyInvalidation(body: string, signature: string | null): boolean {
  const expected = Buffer.from(signInvalidation(body));
  const given = Buffer.from(signature ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
