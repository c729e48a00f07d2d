import pg from 'pg';
import { env } from '@/lib/env';
import { logEvent } from '@/lib/log';
import { CACHE_CHANNEL, expireTagsInThisInstance, instanceId, type CacheInvalidation } from './cache-invalidation';
import { purgePageCache, purgeWholePageCache } from './page-cache-hook';

/**
 * Started once per server process (instrumentation.ts): one LISTEN connection
 * that hands other instances' invalidations to this instance's revalidation
 * route (revalidateTag works only inside a request). Reconnects if the
 * database goes away.
 */
export function startCacheInvalidationListener(): void {
  const globalForListener = globalThis as unknown as { parleyCacheListener?: boolean };
  if (globalForListener.parleyCacheListener) return;
  globalForListener.parleyCacheListener = true;

  const forward = async (payload: string) => {
    const message = JSON.parse(payload) as CacheInvalidation;
    if (message.origin === instanceId || !Array.isArray(message.tags)) return;
    // Cached pages go before and after Next.js drops its data: none is served
    // stale meanwhile, and none rendered from the old data survives.
    purgePageCache(message.tags);
    await expireTagsInThisInstance(message.tags);
    purgePageCache(message.tags);
  };

  let connectedBefore = false;

  const connect = async () => {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    const retry = (error?: unknown) => {
      client.removeAllListeners();
      void client.end().catch(() => undefined);
      if (error) logEvent('cache.invalidation.lost', { error: error instanceof Error ? error.message : String(error) }, 'warn');
      setTimeout(() => void connect(), 2000).unref();
    };
    client.on('notification', (message) => {
      if (message.channel === CACHE_CHANNEL && message.payload) {
        forward(message.payload).catch((error: unknown) =>
          logEvent('cache.invalidation.failed', { error: error instanceof Error ? error.message : String(error) }, 'warn'),
        );
      }
    });
    client.on('error', retry);
    try {
      await client.connect();
      await client.query(`LISTEN ${CACHE_CHANNEL}`);
      // Announcements made while the connection was down are lost: cached pages
      // may be stale, so they go (Next's data cache still expires by age).
      if (connectedBefore) purgeWholePageCache();
      connectedBefore = true;
    } catch (error) {
      retry(error);
    }
  };
  void connect();
}
