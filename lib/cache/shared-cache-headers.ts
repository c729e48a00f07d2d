import { articleCacheLife } from '@/lib/articles/cache-tags';

/**
 * Headers for a response every anonymous reader may share from a cache (a
 * CDN, nginx, Parley's own HTTP cache in server/): how long it stays fresh,
 * how long it may be served stale while it is fetched again, and the cache
 * tags a purge names. The same lifetimes as the data it was made from.
 */
export function sharedCacheHeaders(tags: string[]): Record<string, string> {
  const { revalidate, expire } = articleCacheLife;
  return {
    'Cache-Control': `public, s-maxage=${revalidate}, stale-while-revalidate=${expire - revalidate}`,
    'Cache-Tag': tags.join(','),
    'Surrogate-Key': tags.join(' '),
  };
}

/** For answers that belong to one reader (or to no one): never stored by any cache. */
export const privateCacheHeaders = { 'Cache-Control': 'private, no-store' } as const;
