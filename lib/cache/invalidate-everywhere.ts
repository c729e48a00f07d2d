import 'server-only';
import { updateTag } from 'next/cache';
import { after } from 'next/server';
import { logEvent } from '@/lib/log';
import { broadcastCacheInvalidation, expireTagsInThisInstance } from './cache-invalidation';
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
  await broadcast(tags);
}

/**
 * The same for an action whose response should not carry a re-rendered page
 * (updateTag makes Next.js render the whole page again for the response):
 * posting a comment, where the composer shows the new comment itself. The
 * tags are expired outside the action's bookkeeping instead
 * (expireTagsInThisInstance), before the action returns, so the page rendered
 * next (a form posted without JavaScript, any reader's next view) is already fresh.
 */
export async function invalidateEverywhereWithoutRerender(tags: string[]): Promise<void> {
  purgePageCache(tags);
  await expireTagsInThisInstance(tags).catch((error: unknown) =>
    logEvent('cache.invalidation.local_failed', { error: error instanceof Error ? error.message : String(error) }, 'warn'),
  );
  purgePageCache(tags);
  await broadcast(tags);
}

// The change itself is committed: a failed broadcast must not turn it into an
// error for the user. Other instances then catch up within the cache lifetime.
const broadcast = (tags: string[]) =>
  broadcastCacheInvalidation(tags).catch((error: unknown) =>
    logEvent('cache.invalidation.broadcast_failed', { error: error instanceof Error ? error.message : String(error) }, 'warn'),
  );
