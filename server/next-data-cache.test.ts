// Pins how the installed Next.js keeps data-cache tags: if an upgrade moves
// them, this fails (and the server would fall back to the revalidation route).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadDataCacheExpiry } from './next-data-cache';

const require = createRequire(import.meta.url);
const nextTags = require('next/dist/server/lib/incremental-cache/tags-manifest.external.js') as {
  areTagsExpired(tags: string[], timestamp: number): boolean;
  areTagsStale(tags: string[], timestamp: number): boolean;
};

describe('expiring data-cache tags outside a request', () => {
  it('makes entries cached before under that tag count as expired for Next.js, and only those', async () => {
    const expire = loadDataCacheExpiry();
    expect(expire).toBeTypeOf('function');
    const cachedAt = Date.now() - 1000;
    expect(nextTags.areTagsExpired(['test-article:a'], cachedAt)).toBe(false);
    expire!(['test-article:a']);
    expect(nextTags.areTagsExpired(['test-article:a'], cachedAt)).toBe(true);
    expect(nextTags.areTagsStale(['test-article:a'], cachedAt)).toBe(true);
    expect(nextTags.areTagsExpired(['test-article:b'], cachedAt)).toBe(false);
  });

  it('leaves entries cached after the expiry fresh', async () => {
    const expire = loadDataCacheExpiry()!;
    expire(['test-article:c']);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(nextTags.areTagsExpired(['test-article:c'], Date.now())).toBe(false);
  });
});
