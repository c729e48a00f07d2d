import { env } from '@/lib/env';
import { logFor } from '@/lib/log';
import { configureTagExpiry, expireTags } from './tag-expiry.mjs';

/**
 * Expires cached data and pages made from data a command just changed, on
 * every instance (lib/cache/tag-expiry.mjs). Every command in lib/ that
 * changes what readers see calls it after its transaction commits, whoever
 * called the command: a server action, a route, a script, a test.
 *
 * The change itself is committed by then, so a failure here is logged, not
 * thrown: the other instances catch up within the cache lifetime
 * (lib/articles/cache-tags.ts), this one already has (the local part cannot fail).
 */
export async function expireCacheTags(tags: string[]): Promise<void> {
  configureTagExpiry({ databaseUrl: env.DATABASE_URL });
  try {
    await expireTags(tags);
  } catch (error) {
    logFor('cache').warn({ event: 'cache.expire_failed', tags, error: error instanceof Error ? error.message : String(error) });
  }
}
