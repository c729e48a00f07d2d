// Next.js's 'use cache' store: entries in memory, expired by shared tag expiries.
import { describe, expect, it } from 'vitest';
import { createUseCacheHandler } from './use-cache-handler.mjs';
import { expireTags } from './tag-expiry.mjs';

const bytes = (text: string) => new TextEncoder().encode(text);
const stream = (text: string) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes(text));
      controller.close();
    },
  });
const textOf = async (entry: { value: ReadableStream<Uint8Array> } | undefined) => (entry ? new Response(entry.value).text() : undefined);
const entry = (text: string, tags: string[], timestamp = Date.now()) => ({ value: stream(text), tags, stale: 30, timestamp, expire: 3600, revalidate: 300 });
const tag = (name: string) => `test:${name}:${Math.random().toString(36).slice(2)}`;

describe("the 'use cache' store", () => {
  it('returns what was stored, as a new stream each time', async () => {
    const handler = createUseCacheHandler({ maxBytes: 1024 * 1024 });
    await handler.set('k', Promise.resolve(entry('hello', [tag('a')])));
    expect(await textOf(await handler.get('k', []))).toBe('hello');
    expect(await textOf(await handler.get('k', []))).toBe('hello');
  });

  it('stops serving an entry once one of its tags expires', async () => {
    const handler = createUseCacheHandler({ maxBytes: 1024 * 1024 });
    const article = tag('article');
    await handler.set('k', Promise.resolve(entry('old', [article, tag('other')], Date.now() - 10)));
    await expireTags([article]);
    expect(await handler.get('k', [])).toBeUndefined();
  });

  it('does not keep an entry whose tag expired while it was being made', async () => {
    const handler = createUseCacheHandler({ maxBytes: 1024 * 1024 });
    const article = tag('article');
    const startedAt = Date.now() - 50;
    await expireTags([article]);
    await handler.set('k', Promise.resolve(entry('made from old data', [article], startedAt)));
    expect(await handler.get('k', [])).toBeUndefined();
  });

  it('treats an entry past its revalidate time as a miss', async () => {
    let now = Date.now();
    const handler = createUseCacheHandler({ maxBytes: 1024 * 1024, now: () => now });
    await handler.set('k', Promise.resolve(entry('x', [tag('a')], now)));
    now += 301_000;
    expect(await handler.get('k', [])).toBeUndefined();
  });

  it('a reader waits for an entry still being stored rather than missing it', async () => {
    const handler = createUseCacheHandler({ maxBytes: 1024 * 1024 });
    let finish: (value: ReturnType<typeof entry>) => void = () => undefined;
    const setting = handler.set('k', new Promise((resolve) => (finish = resolve)));
    const reading = handler.get('k', []);
    finish(entry('late', [tag('a')]));
    await setting;
    expect(await textOf(await reading)).toBe('late');
  });

  it('keeps its memory under the bound, dropping the least recently used', async () => {
    const handler = createUseCacheHandler({ maxBytes: 10_000 });
    for (let i = 0; i < 100; i++) await handler.set(`k${i}`, Promise.resolve(entry('x'.repeat(500), [tag('a')])));
    expect(handler.entries()).toBeLessThanOrEqual(20);
    expect(await handler.get('k0', [])).toBeUndefined();
    expect(await textOf(await handler.get('k99', []))).toBe('x'.repeat(500));
  });

  it('reports the latest expiry of soft tags', async () => {
    const handler = createUseCacheHandler({ maxBytes: 1024 });
    const soft = tag('soft');
    expect(await handler.getExpiration([soft])).toBe(0);
    await handler.updateTags([soft]);
    expect(await handler.getExpiration([soft])).toBeGreaterThan(0);
  });
});
