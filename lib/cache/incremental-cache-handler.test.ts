// Next.js's store for whole pages (ISR): in memory, expired by shared tag expiries.
import { describe, expect, it } from 'vitest';
import IncrementalCacheHandler from './incremental-cache-handler.mjs';
import { expireTags } from './tag-expiry.mjs';

const tag = (name: string) => `test:${name}:${Math.random().toString(36).slice(2)}`;
const key = () => `/route-cache/APP_PAGE/test/$/page-${Math.random().toString(36).slice(2)}`;
const page = (tags: string[]) => ({
  kind: 'APP_PAGE',
  html: '<p>page</p>',
  rscData: Buffer.from('rsc'),
  headers: { 'x-next-cache-tags': tags.join(',') },
  status: 200,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the page store', () => {
  it('returns a stored page until one of its tags (from x-next-cache-tags) expires', async () => {
    const store = new IncrementalCacheHandler();
    const k = key();
    const article = tag('article');
    await store.get(k, {});
    await store.set(k, page([article, tag('other')]), { cacheControl: { revalidate: 300 } });
    expect((await store.get(k, {}))?.value).toMatchObject({ html: '<p>page</p>' });
    await sleep(2);
    await expireTags([article]);
    expect(await store.get(k, {})).toBeNull();
  });

  it('dates a page from when its render started: a change committed during the render expires it', async () => {
    const store = new IncrementalCacheHandler();
    const k = key();
    const article = tag('article');
    // The lookup that misses is where the render starts...
    expect(await store.get(k, {})).toBeNull();
    await sleep(5);
    // ...a change lands while it renders (the page may show the old data)...
    await expireTags([article]);
    await sleep(5);
    // ...and the finished page is stored: it must not be served.
    await store.set(k, page([article]), { cacheControl: { revalidate: 300 } });
    expect(await store.get(k, {})).toBeNull();
  });

  it('a page rendered after the change is served', async () => {
    const store = new IncrementalCacheHandler();
    const k = key();
    const article = tag('article');
    await expireTags([article]);
    await sleep(5);
    expect(await store.get(k, {})).toBeNull();
    await store.set(k, page([article]), { cacheControl: { revalidate: 300 } });
    expect(await store.get(k, {})).not.toBeNull();
  });

  it('honours the soft tags Next.js passes with a lookup', async () => {
    const store = new IncrementalCacheHandler();
    const k = key();
    const soft = tag('soft');
    await store.get(k, { softTags: [soft] });
    await store.set(k, page([]), {});
    await sleep(2);
    await store.revalidateTag(soft);
    expect(await store.get(k, { softTags: [soft] })).toBeNull();
  });

  it('forgets a page Next.js stores as null', async () => {
    const store = new IncrementalCacheHandler();
    const k = key();
    await store.set(k, page([tag('a')]), {});
    await store.set(k, null, {});
    expect(await store.get(k, {})).toBeNull();
  });
});
