import { createRequire } from 'node:module';
import type { DataCacheExpiry } from '../lib/cache/data-cache-hook';

type TagsManifest = Map<string, { stale?: number; expired?: number }>;

const require = createRequire(import.meta.url);

/**
 * Expires tags in Next.js's data cache (unstable_cache) of this process the
 * way revalidateTag(tag, { expire: 0 }) does, but callable from anywhere: a
 * server action that must not re-render the page, the listener for other
 * instances' changes. Next.js keeps each tag's expiry in one map, in a module
 * its server and the app's bundles share (an ".external" module, loaded once
 * from node_modules); every cached read checks it. This costs a map write
 * where the revalidation route cost a whole request (~8 ms of CPU per post,
 * measured by the bench).
 *
 * Returns undefined if this Next.js version keeps tags elsewhere (callers then
 * use the revalidation route); server/next-data-cache.test.ts pins the
 * installed version's behaviour.
 */
export function loadDataCacheExpiry(): DataCacheExpiry | undefined {
  let manifest: unknown;
  try {
    ({ tagsManifest: manifest } = require('next/dist/server/lib/incremental-cache/tags-manifest.external.js') as { tagsManifest?: unknown });
  } catch {
    return undefined;
  }
  if (!(manifest instanceof Map)) return undefined;
  const tags = manifest as TagsManifest;
  return (expiring) => {
    const now = Date.now();
    for (const tag of expiring) tags.set(tag, { ...tags.get(tag), stale: now, expired: now });
  };
}
