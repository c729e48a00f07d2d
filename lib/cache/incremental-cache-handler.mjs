// @ts-check
// Next.js's store for whole rendered routes (next.config.js cacheHandler): the
// anonymous article and front pages (ISR), with their HTML and RSC payloads.
//
// In this process's memory, bounded by size, and never on disk: a page is
// rebuilt from the database in milliseconds, while Next's default file-system
// store would keep a copy per instance that other instances cannot see
// expire. Tag expiries come from lib/cache/tag-expiry.mjs, shared by every
// instance over PostgreSQL (see use-cache-handler.mjs for why not Redis).
import { AsyncLocalStorage } from 'node:async_hooks';
import { LRUCache } from 'lru-cache';
import { areTagsExpiredSince, expireTags } from './tag-expiry.mjs';

// In a statement of its own: Prettier 3.10 rewrites a nested JSDoc cast that is
// indexed in the same expression into a cast of the whole assignment.
const sharedGlobal = /** @type {{ [key: symbol]: AsyncLocalStorage<true> }} */ (/** @type {unknown} */ (globalThis));

/**
 * Set by Parley's server (server/main.ts) around a form posted without
 * JavaScript. Next.js 16.4 answers a server action by resuming the page's
 * cached shell, and its resume does not pass the action's result on to the
 * form (React's formState): a form posted without JavaScript came back
 * without its error message or the text typed. With no shell to resume,
 * Next.js renders the page whole, and the form shows its result. Shared on
 * globalThis: Next.js loads this module apart from the server's bundle.
 * @type {AsyncLocalStorage<true>}
 */
export const formPostRenders = (sharedGlobal[Symbol.for('parley.formPostRenders')] ??= new AsyncLocalStorage());

/** The header Next.js stores a page's cache tags in (NEXT_CACHE_TAGS_HEADER). */
const tagsHeader = 'x-next-cache-tags';

/**
 * @typedef {{ value: any, lastModified: number, cacheControl?: unknown, tags: string[], bytes: number }} StoredPage
 */

/** A rough size of what Next.js stores for a route: its HTML, RSC payload and segments. @param {any} value */
function sizeOf(value) {
  if (!value || typeof value !== 'object') return 64;
  let bytes = 256;
  for (const field of ['html', 'rscData', 'body', 'buffer', 'postponed']) {
    const part = value[field];
    if (typeof part === 'string') bytes += Buffer.byteLength(part);
    else if (part && typeof part.byteLength === 'number') bytes += part.byteLength;
  }
  if (value.segmentData instanceof Map) for (const segment of value.segmentData.values()) bytes += segment?.byteLength ?? 0;
  if (value.data) bytes += Buffer.byteLength(JSON.stringify(value.data));
  return bytes;
}

/** @param {any} value @param {{ tags?: string[] } | undefined} ctx */
function tagsOf(value, ctx) {
  const fromHeader = value?.headers?.[tagsHeader];
  const tags = typeof fromHeader === 'string' ? fromHeader.split(',') : [];
  return [...new Set([...tags, ...(ctx?.tags ?? [])])].filter(Boolean);
}

const megabytes = Number(process.env.PARLEY_PAGE_STORE_MB ?? 64);
const maxBytes = (Number.isFinite(megabytes) && megabytes > 0 ? megabytes : 64) * 1024 * 1024;

// One store per process: Next.js makes a handler instance per request.
/** @type {LRUCache<string, StoredPage>} */
const store = new LRUCache({ maxSize: maxBytes, sizeCalculation: (entry) => Math.max(1, entry.bytes) });

/**
 * When the render that will replace a key started (the lookup that missed or
 * found it stale). A page is dated from then, not from when it was stored: a
 * change committed while it rendered must still expire it.
 * @type {LRUCache<string, number>}
 */
const renderStartedAt = new LRUCache({ max: 10_000 });

/** @param {unknown} cacheControl */
const revalidateSecondsOf = (cacheControl) => {
  const revalidate = /** @type {{ revalidate?: unknown } | undefined} */ (cacheControl)?.revalidate;
  return typeof revalidate === 'number' ? revalidate : undefined;
};

export default class IncrementalCacheHandler {
  /** @param {unknown} [_options] */
  constructor(_options) {}

  /**
   * @param {string} key
   * @param {{ kind?: string, softTags?: string[], tags?: string[] }} [ctx]
   */
  async get(key, ctx) {
    if (formPostRenders.getStore() && ctx?.kind === 'APP_PAGE') return null;
    const now = Date.now();
    const entry = store.get(key);
    const renderFollows = () => {
      if (!renderStartedAt.has(key)) renderStartedAt.set(key, now);
    };
    if (!entry) {
      renderFollows();
      return null;
    }
    if (areTagsExpiredSince([...entry.tags, ...(ctx?.softTags ?? []), ...(ctx?.tags ?? [])], entry.lastModified)) {
      store.delete(key);
      renderFollows();
      return null;
    }
    const revalidate = revalidateSecondsOf(entry.cacheControl);
    // Next.js serves a page past its revalidate time once more and renders it again in the background.
    if (revalidate !== undefined && now > entry.lastModified + revalidate * 1000) renderFollows();
    return { value: entry.value, lastModified: entry.lastModified, cacheControl: entry.cacheControl };
  }

  /**
   * @param {string} key
   * @param {any} data
   * @param {{ tags?: string[], cacheControl?: unknown, fetchCache?: boolean }} [ctx]
   */
  async set(key, data, ctx) {
    const startedAt = renderStartedAt.get(key) ?? Date.now();
    renderStartedAt.delete(key);
    if (!data) {
      store.delete(key);
      return;
    }
    const bytes = sizeOf(data);
    if (bytes > maxBytes / 4) return;
    store.set(key, { value: data, lastModified: startedAt, cacheControl: ctx?.fetchCache ? undefined : ctx?.cacheControl, tags: tagsOf(data, ctx), bytes });
  }

  /** @param {string | string[]} tags */
  async revalidateTag(tags) {
    await expireTags(typeof tags === 'string' ? [tags] : tags);
  }

  resetRequestCache() {}
}
