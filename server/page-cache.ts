// The anonymous response cache in front of Next.js.
//
// Rendering an article page costs Next.js milliseconds of CPU even when every
// piece of data comes from its data cache, and its request handling alone
// costs over a millisecond; a news article read by thousands at once needs a
// cache that answers before any of that runs. Signed-in readers always get a
// fresh render. Entries carry the same cache tags as the data they were
// rendered from and are dropped with them (lib/cache/page-cache-hook.ts),
// in this instance and, through PostgreSQL NOTIFY, in every other one.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { CacheableRequest } from './cacheable-request';

type Encoding = 'br' | 'gzip' | 'identity';

type Entry = {
  status: number;
  headers: [string, string][];
  body: Buffer;
  /** Compressed copies, made on first request for each. */
  encoded: Partial<Record<Encoding, Buffer>>;
  tags: string[];
  /** When it was rendered: its age, and with the lifetimes whether it is fresh or stale. */
  storedAt: number;
  bytes: number;
  cacheable: boolean;
};

export type PageCacheOptions = {
  /** Where to fetch a missing page: this same server, over loopback. */
  origin: string;
  maxBytes: number;
  ttlMs: number;
  /**
   * How long past its lifetime a page may still be served while a fresh copy
   * renders in the background (or while renders fail). Only lifetimes run
   * out: a change to the page's data removes it outright.
   */
  staleMs: number;
};

export type PageCacheStats = { entries: number; bytes: number; hits: number; stale: number; misses: number; fills: number; purges: number };

// Response headers that belong to one connection or one encoding of the body.
const unstoredHeaders = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'date', 'set-cookie']);

function preferredEncoding(acceptEncoding: string | undefined): Encoding {
  const accepted = (acceptEncoding ?? '')
    .split(',')
    .map((part) => part.trim().split(';'))
    .filter(([, q]) => !q || !/^\s*q=0(\.0*)?\s*$/.test(q))
    .map(([name]) => name?.trim().toLowerCase());
  if (accepted.includes('br')) return 'br';
  if (accepted.includes('gzip')) return 'gzip';
  return 'identity';
}

export class PageCache {
  /** Sent on this server's own fill requests so they reach Next.js, not the cache. */
  readonly fillToken = randomBytes(16).toString('hex');
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<Entry>>();
  /** Bumped by every purge of a tag: a fill that saw a purge while rendering is not kept. */
  private readonly tagVersions = new Map<string, number>();
  private epoch = 0;
  private bytes = 0;
  private readonly counters = { hits: 0, stale: 0, misses: 0, fills: 0, purges: 0 };

  constructor(private readonly options: PageCacheOptions) {}

  isFill(request: IncomingMessage): boolean {
    return request.headers['x-parley-page-cache-fill'] === this.fillToken;
  }

  /** Answers the request from the cache, filling it from Next.js first if needed. */
  async serve(request: IncomingMessage, response: ServerResponse, cacheable: CacheableRequest): Promise<void> {
    const now = Date.now();
    let entry = this.entries.get(cacheable.key);
    const age = entry ? now - entry.storedAt : Number.POSITIVE_INFINITY;
    let state = 'HIT';
    if (entry && age < this.options.ttlMs) {
      this.counters.hits++;
      // Least recently used goes first when the cache is full.
      this.entries.delete(cacheable.key);
      this.entries.set(cacheable.key, entry);
    } else if (entry && age < this.options.ttlMs + this.options.staleMs) {
      // A popular page must not make every reader wait for its render each
      // time its lifetime runs out: they get the old copy while one renders.
      state = 'STALE';
      this.counters.stale++;
      this.fill(request, cacheable).catch((error: unknown) => console.error(`Refreshing the cached ${request.url} failed; the old copy is served meanwhile:`, error));
    } else {
      state = 'MISS';
      this.counters.misses++;
      entry = await this.fill(request, cacheable);
    }
    this.write(request, response, cacheable.key, entry, state);
  }

  /** Drops every entry rendered from data carrying one of these tags. */
  purge(tags: string[]): void {
    this.counters.purges++;
    const purged = new Set(tags);
    for (const tag of purged) this.tagVersions.set(tag, (this.tagVersions.get(tag) ?? 0) + 1);
    for (const [key, entry] of this.entries) {
      if (entry.tags.some((tag) => purged.has(tag))) this.remove(key, entry);
    }
  }

  /** Drops everything: for when invalidations may have been missed. */
  purgeAll(): void {
    this.counters.purges++;
    this.epoch++;
    this.entries.clear();
    this.bytes = 0;
  }

  stats(): PageCacheStats {
    return { entries: this.entries.size, bytes: this.bytes, ...this.counters };
  }

  private fill(request: IncomingMessage, cacheable: CacheableRequest): Promise<Entry> {
    // Readers arriving while a page renders wait for that one render.
    const pending = this.inflight.get(cacheable.key);
    if (pending) return pending;
    const versions = this.versionsOf(cacheable.tags);
    const filling = this.fetchEntry(request, cacheable)
      .then((entry) => {
        if (entry.cacheable && this.versionsOf(cacheable.tags) === versions) this.store(cacheable.key, entry);
        return entry;
      })
      .finally(() => this.inflight.delete(cacheable.key));
    this.inflight.set(cacheable.key, filling);
    return filling;
  }

  private async fetchEntry(request: IncomingMessage, cacheable: CacheableRequest): Promise<Entry> {
    this.counters.fills++;
    const headers: Record<string, string> = {
      'x-parley-page-cache-fill': this.fillToken,
      'accept-encoding': 'identity',
      accept: request.headers.accept ?? '*/*',
    };
    const proto = request.headers['x-forwarded-proto'];
    if (typeof proto === 'string') headers['x-forwarded-proto'] = proto;
    const upstream = await fetch(new URL(request.url ?? '/', this.options.origin), { headers, redirect: 'manual' });
    const body = Buffer.from(await upstream.arrayBuffer());
    const stored: [string, string][] = [];
    upstream.headers.forEach((value, name) => {
      if (!unstoredHeaders.has(name) && name !== 'vary') stored.push([name, value]);
    });
    // The cache answers in several encodings: caches downstream must know.
    const vary = upstream.headers.get('vary');
    stored.push(['vary', !vary ? 'Accept-Encoding' : /accept-encoding/i.test(vary) ? vary : `${vary}, Accept-Encoding`]);
    return {
      status: upstream.status,
      headers: stored,
      body,
      encoded: { identity: body },
      tags: cacheable.tags,
      storedAt: Date.now(),
      bytes: body.byteLength,
      // Only complete, shared answers: not errors, redirects or anything setting a cookie.
      cacheable: upstream.status === 200 && !upstream.headers.has('set-cookie'),
    };
  }

  private store(key: string, entry: Entry) {
    const previous = this.entries.get(key);
    if (previous) this.remove(key, previous);
    // One huge page must not push out everything else.
    if (entry.bytes > this.options.maxBytes / 4) return;
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [oldKey, oldEntry] of this.entries) {
      if (this.bytes <= this.options.maxBytes) break;
      this.remove(oldKey, oldEntry);
    }
  }

  private remove(key: string, entry: Entry) {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  private versionsOf(tags: string[]): string {
    return `${this.epoch}:${tags.map((tag) => this.tagVersions.get(tag) ?? 0).join(',')}`;
  }

  private write(request: IncomingMessage, response: ServerResponse, key: string, entry: Entry, state: string) {
    const encoding = entry.cacheable ? preferredEncoding(request.headers['accept-encoding']) : 'identity';
    let body = entry.encoded[encoding];
    if (!body) {
      body = entry.encoded[encoding] = encode(entry.body, encoding);
      entry.bytes += body.byteLength;
      if (this.entries.get(key) === entry) this.bytes += body.byteLength;
    }
    for (const [name, value] of entry.headers) response.setHeader(name, value);
    if (encoding !== 'identity') response.setHeader('content-encoding', encoding);
    response.setHeader('content-length', body.byteLength);
    response.setHeader('x-parley-cache', state);
    response.setHeader('age', Math.max(0, Math.floor((Date.now() - entry.storedAt) / 1000)));
    response.writeHead(entry.status);
    response.end(request.method === 'HEAD' ? undefined : body);
  }
}

function encode(body: Buffer, encoding: Encoding): Buffer {
  if (encoding === 'br') return brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 6, [zlib.BROTLI_PARAM_SIZE_HINT]: body.byteLength } });
  if (encoding === 'gzip') return gzipSync(body, { level: 6 });
  return body;
}
