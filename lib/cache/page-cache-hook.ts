// The page cache (server/page-cache.ts) lives in the server process around
// Next.js, outside its bundles; this is how lib/ reaches it: one well-known
// global. Under `next dev` or a plain `next start` there is none, and purging
// does nothing.

/** What server/main.ts registers. */
export type PageCacheHandle = { purge(tags: string[]): void; purgeAll(): void };

export const pageCacheKey = Symbol.for('parley.pageCache');

const registered = () => (globalThis as { [pageCacheKey]?: PageCacheHandle })[pageCacheKey];

export function registerPageCache(cache: PageCacheHandle): void {
  (globalThis as { [pageCacheKey]?: PageCacheHandle })[pageCacheKey] = cache;
}

/** Drops this instance's cached pages that were rendered from data with these tags. */
export function purgePageCache(tags: string[]): void {
  registered()?.purge(tags);
}

/** Drops every cached page: after a gap in which invalidations may have been missed. */
export function purgeWholePageCache(): void {
  registered()?.purgeAll();
}
