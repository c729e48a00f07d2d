import 'server-only';
import { updateTag } from 'next/cache';
import { after } from 'next/server';
import { logEvent } from '@/lib/log';
import { broadcastCacheInvalidation } from './cache-invalidation';
import { purgePageCache } from './page-cache-hook';

/**
 * For server actions: drops the tags in this instance at once (the writer sees
 * its change on the next render) and tells every other instance to do the same.
 */
export async function invalidateEverywhere(tags: string[]): Promise<void> {
  for (const tag of tags) updateTag(tag);
  // Next.js applies updateTag when the action returns: pages cached until then
  // go now, and pages rendered in between (from the data not yet dropped) go
  // once the response is out.
  purgePageCache(tags);
  after(() => purgePageCache(tags));
  // The change itself is committed: a failed broadcast must not turn it into an
  // error for the user. Other instances then catch up within the cache lifetime.
  await broadcastCacheInvalidation(tags).catch((error: unknown) =>
    logEvent('cache.invalidation.broadcast_failed', { error: error instanceof Error ? error.message : String(error) }, 'warn'),
  );
}
