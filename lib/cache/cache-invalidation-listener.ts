import pg from 'pg';
import { env } from '@/lib/env';
import { logEvent } from '@/lib/log';
import { CACHE_CHANNEL, instanceId, signInvalidation, type CacheInvalidation } from './cache-invalidation';

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
    const body = JSON.stringify({ tags: message.tags });
    const response = await fetch(`http://127.0.0.1:${env.PORT}/api/internal/revalidate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Parley-Signature': signInvalidation(body) },
      body,
    });
    if (!response.ok) logEvent('cache.invalidation.refused', { status: response.status }, 'warn');
  };

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
    } catch (error) {
      retry(error);
    }
  };
  void connect();
}
