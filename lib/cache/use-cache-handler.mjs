// @ts-check
// Next.js's store for 'use cache' results (next.config.js cacheHandlers.default).
//
// Entries stay in this process's memory, bounded by size, as in Next's own
// default handler: each instance renders them from the same database, so
// sharing the bytes would save little. What must be shared is when their tags
// expire, so a change made through one instance is never served stale by
// another: that comes from lib/cache/tag-expiry.mjs (PostgreSQL NOTIFY), not
// from Next's in-process tag manifest. The maintained handlers we looked at
// (@neshca/cache-handler, @fortedigital/nextjs-cache-handler,
// @trieb.work/nextjs-turbo-redis-cache) store entries in Redis, which would
// make Redis a requirement of `npm start`; this one needs only PostgreSQL.
import { LRUCache } from 'lru-cache';
import { areTagsExpiredSince, expireTags, latestExpiry } from './tag-expiry.mjs';

/**
 * @typedef {import('next/dist/server/lib/cache-handlers/types').CacheHandler} CacheHandler
 * @typedef {import('next/dist/server/lib/cache-handlers/types').CacheEntry} CacheEntry
 * @typedef {Omit<CacheEntry, 'value'> & { value: Uint8Array }} StoredEntry
 */

/** @param {Uint8Array} bytes */
const streamOf = (bytes) =>
  new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });

/** @param {ReadableStream<Uint8Array>} stream */
async function bytesOf(stream) {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * @param {{ maxBytes: number, now?: () => number }} options
 * @returns {CacheHandler & { entries: () => number }}
 */
export function createUseCacheHandler({ maxBytes, now = Date.now }) {
  /** @type {LRUCache<string, StoredEntry>} */
  const store = new LRUCache({ maxSize: Math.max(1, maxBytes), sizeCalculation: (entry, key) => Math.max(1, entry.value.byteLength + key.length) });
  /** @type {Map<string, Promise<void>>} */
  const pending = new Map();

  return {
    async get(cacheKey) {
      await pending.get(cacheKey);
      const entry = store.get(cacheKey);
      if (!entry) return undefined;
      // No stale-while-revalidate from memory (as Next's default handler): an
      // entry past its revalidate time is a miss and is made again.
      if (entry.expire < 0 || now() > entry.timestamp + entry.revalidate * 1000) return undefined;
      if (areTagsExpiredSince(entry.tags, entry.timestamp)) {
        store.delete(cacheKey);
        return undefined;
      }
      return { ...entry, value: streamOf(entry.value) };
    },

    async set(cacheKey, pendingEntry) {
      /** @type {() => void} */
      let done = () => undefined;
      pending.set(
        cacheKey,
        new Promise((resolve) => {
          done = resolve;
        }),
      );
      try {
        const entry = await pendingEntry;
        // expire 0: the result was dynamic after all; nothing to keep.
        if (entry.expire === 0) return;
        const value = await bytesOf(entry.value);
        if (value.byteLength > maxBytes / 4) return;
        const { value: _stream, ...metadata } = entry;
        // An expiry that arrived while this entry was being made wins over it.
        if (areTagsExpiredSince(entry.tags, entry.timestamp)) return;
        store.set(cacheKey, { ...metadata, value });
      } catch {
        // A failed render leaves no entry: the next request makes it again.
      } finally {
        done();
        pending.delete(cacheKey);
      }
    },

    // Expiries are pushed to this process as they happen (tag-expiry.mjs), so
    // there is nothing to pull before a request.
    async refreshTags() {},

    async getExpiration(tags) {
      return latestExpiry(tags);
    },

    // Reached through Next's revalidateTag/updateTag. Parley's own code calls
    // lib/cache/expire-cache-tags.ts instead; both end in the same place.
    // Durations (revalidateTag(tag, 'max')) are treated as "expire now": a
    // change must not be served stale by any instance.
    async updateTags(tags) {
      await expireTags(tags);
    },

    entries: () => store.size,
  };
}

const megabytes = Number(process.env.PARLEY_DATA_CACHE_MB ?? 32);

/** The handler Next.js loads (see next.config.js). PARLEY_DATA_CACHE_MB bounds its memory (default 32). */
export default createUseCacheHandler({ maxBytes: (Number.isFinite(megabytes) && megabytes > 0 ? megabytes : 32) * 1024 * 1024 });
