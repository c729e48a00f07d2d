// Next.js drops data-cache tags only inside a request (revalidateTag), and
// inside a server action doing so also re-renders the page for the response.
// server/main.ts runs Next.js in this process and registers a way to expire
// tags directly (server/next-data-cache.ts); this is how lib/ reaches it. Under
// a plain `next start` there is none: callers use the revalidation route.

export type DataCacheExpiry = (tags: string[]) => void;

const dataCacheExpiryKey = Symbol.for('parley.dataCacheExpiry');

type WithExpiry = { [dataCacheExpiryKey]?: DataCacheExpiry };

export function registerDataCacheExpiry(expire: DataCacheExpiry): void {
  (globalThis as WithExpiry)[dataCacheExpiryKey] = expire;
}

/** Expires the tags in this process's data cache; false if the server registered no way to. */
export function expireDataTagsInProcess(tags: string[]): boolean {
  const expire = (globalThis as WithExpiry)[dataCacheExpiryKey];
  if (!expire) return false;
  expire(tags);
  return true;
}
