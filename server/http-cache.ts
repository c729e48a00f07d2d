// The shared HTTP cache in front of Next.js.
//
// Next.js alone serves even a fully static page at ~800 requests/s on the
// bench machine, far under the 2,000 the budget asks for; a page answered from
// memory costs a few hundred microseconds. Whether and for how long a response
// may be kept is the response's own business, read as a shared cache (a CDN)
// would read it, through http-cache-semantics: `Cache-Control` (`s-maxage`,
// `max-age`, `public`, `private`, `no-store`, `stale-while-revalidate`,
// `stale-if-error`), `Vary` and `Age`. Nothing here knows which routes are
// cacheable. The caller decides which requests a shared cache may answer at
// all and under which key; entries are dropped by the cache tags their
// response names (`Cache-Tag`, `Surrogate-Key`): server/main.ts purges them
// when lib/cache/tag-expiry.mjs hears the data behind them changed.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import CachePolicy from 'http-cache-semantics';
import { LRUCache } from 'lru-cache';
import { hasSessionCookie } from '../lib/auth/session-cookie-name';
import { logFor } from '../lib/log';

const log = logFor('cache');

export type HttpCacheOptions = {
  /** Where misses are fetched from: this same server, over loopback (the fill reaches Next.js, see isFill). */
  origin: string;
  /** Every stored byte (bodies, their compressed copies, headers) stays within this. */
  maxBytes: number;
  /**
   * How long a key whose response may not be stored goes straight to Next.js
   * (serve() declines it) instead of through a fill: readers of an uncacheable
   * page neither queue behind one another's fill nor pay for the extra hop.
   * Default 10 s.
   */
  passMs?: number;
  /** A fill that takes longer is abandoned: the reader gets 504 (or a stale copy stale-if-error allows). Default 30 s. */
  fillTimeoutMs?: number;
};

export type HttpCacheStats = {
  /** Stored responses (each representation of a key that varies counts once). */
  entries: number;
  bytes: number;
  hits: number;
  stale: number;
  misses: number;
  /** Requests serve() declined: the caller sent them to Next.js. */
  bypasses: number;
  /** Requests to the origin: misses and background refreshes. */
  fills: number;
  purges: number;
};

type CacheState = 'HIT' | 'STALE' | 'MISS' | 'BYPASS';

type Encoding = 'br' | 'gzip' | 'identity';

/** A response as the origin sent it, less what belongs to one connection or one encoding. */
type Fetched = {
  status: number;
  headers: Record<string, string>;
  setCookies: string[];
  body: Buffer;
};

/** One stored response: one representation (per Vary) of one key. */
type Entry = {
  /** Holds the status and the stored headers, and decides freshness. */
  policy: CachePolicy;
  status: number;
  body: Buffer;
  /** Compressed copies, made on first request for each. */
  encoded: Partial<Record<Exclude<Encoding, 'identity'>, Buffer>>;
  compressible: boolean;
  tags: readonly string[];
  /** The request headers the response varies on (Accept-Encoding aside: encodings are this cache's business). */
  varyNames: readonly string[];
  /** Their values in the fill: an older copy of the same representation is replaced. */
  variant: string;
  bytes: number;
};

/** What lru-cache holds per key. Replaced rather than changed, so that lru-cache counts its size again. */
type Slot = { readonly entries: readonly Entry[] };

type PolicyRequest = CachePolicy.Request & { headers: Record<string, string> };

type FillOutcome =
  | { kind: 'stored'; entry: Entry }
  /** Rendered while one of its tags was purged: right for the readers who asked before the change, not to keep. */
  | { kind: 'discarded'; fetched: Fetched }
  /** The response says no shared cache may keep it (or it is an error, or too large). */
  | { kind: 'refused'; fetched: Fetched; reason: string };

const fillHeader = 'x-parley-cache-fill';

// Statuses kept when the response gives them a shared lifetime: complete
// answers and permanent ones. Temporary redirects (302, 303, 307) depend on
// the moment, 204/206 have no body worth keeping, the rest are errors.
const storedStatuses = new Set([200, 203, 301, 308, 404, 410]);

// Requests a document response to the same key would not answer: signed-in
// readers, client navigations and prefetches (RSC payloads), server actions,
// part of a body. The caller routes these around the cache; this is the second line.
const declinedRequestHeaders = [
  'authorization',
  'rsc',
  'next-action',
  'next-router-state-tree',
  'next-router-prefetch',
  'next-router-segment-prefetch',
  'range',
  'if-range',
];

// Response headers that belong to one connection or one encoding of the body.
// Date and Age are the policy's to set.
// X-Request-Id names the fill's request, not a later reader's.
const unstoredResponseHeaders = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'set-cookie',
  'x-parley-cache',
  'x-request-id',
]);

// The cache's index. Passed on too: a CDN or nginx in front of this server
// purges by the same tags (README "Caching").
const tagHeaders = ['cache-tag', 'surrogate-key'];

/** Per stored response, beside its bytes: the policy object, the parsed headers, the bookkeeping. */
const entryOverheadBytes = 1024;
/** A representation is kept only when it is at most this share of the budget (with its compressed copies, under half). */
const largestEntryShare = 8;
/** Representations kept per key; the least recent go first. */
const maxVariants = 8;

export class HttpCache {
  /** Sent on this cache's own fill requests, so they reach Next.js, not the cache. */
  readonly fillToken = randomBytes(16).toString('hex');
  private readonly store: LRUCache<string, Slot>;
  /** Tag to the keys holding a response that names it. */
  private readonly tagIndex = new Map<string, Set<string>>();
  /** Keys whose last response could not be stored: hit-for-pass. */
  private readonly passing: LRUCache<string, true>;
  private readonly inflight = new Map<string, Promise<FillOutcome>>();
  /**
   * Purges counted, and when each tag was last purged while fills were in
   * flight: a fill that started before one of its response's tags was purged
   * may have been rendered from the old data, and is not kept. Only fills in
   * flight need this, so it is emptied whenever none is.
   */
  private purgeSeq = 0;
  private readonly purgedAt = new Map<string, number>();
  private purgedAllAt = 0;
  private readonly fillTimeoutMs: number;
  private readonly counters = { hits: 0, stale: 0, misses: 0, bypasses: 0, fills: 0, purges: 0 };

  constructor(private readonly options: HttpCacheOptions) {
    if (!(options.maxBytes > 0)) throw new Error(`HttpCache needs maxBytes > 0, not ${options.maxBytes}.`);
    this.fillTimeoutMs = options.fillTimeoutMs ?? 30_000;
    this.store = new LRUCache<string, Slot>({
      maxSize: Math.floor(options.maxBytes),
      // Replacing a slot ('set') is followed by its own re-indexing in put().
      dispose: (slot, key, reason) => {
        if (reason !== 'set') this.unindex(key, slot.entries, []);
      },
    });
    this.passing = new LRUCache<string, true>({
      max: 10_000,
      maxSize: 1024 * 1024,
      sizeCalculation: (_value, key) => Math.max(1, key.length),
      ttl: options.passMs ?? 10_000,
    });
  }

  isFill(request: IncomingMessage): boolean {
    return request.headers[fillHeader] === this.fillToken;
  }

  /**
   * Answers the request under `key` (the URL as the app normalized it) from
   * the cache, fetching it from the origin first when needed. Resolves false
   * without writing anything but `X-Parley-Cache: BYPASS` when the request is
   * not one a shared cache may answer, or its key's responses cannot be
   * stored: the caller then hands it to Next.js itself.
   */
  async serve(request: IncomingMessage, response: ServerResponse, key: string): Promise<boolean> {
    if (!this.accepts(request)) return this.decline(response);
    const asked: PolicyRequest = { url: key, method: 'GET', headers: forwardedHeaders(request) };
    // A fill may bring another representation than this request's (Vary): then it tries again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const found = this.lookup(key, asked);
      if (found.usable) {
        const { entry, headers, revalidate } = found.usable;
        if (!revalidate) {
          this.counters.hits++;
          this.writeEntry(request, response, key, entry, headers, 'HIT');
          return true;
        }
        // Within stale-while-revalidate: this reader gets the stored copy at
        // once while one refresh (for everyone) runs in the background.
        this.counters.stale++;
        this.refreshInBackground(key, request, asked);
        this.writeEntry(request, response, key, entry, headers, 'STALE');
        return true;
      }
      if (this.passing.has(key)) return this.decline(response);

      const { outcome, joined } = this.fill(key, request, asked);
      let result: FillOutcome;
      try {
        result = await outcome;
      } catch (error) {
        if (found.expired && this.staleIfError(found.expired, asked, 502)) return this.serveStale(request, response, key, found.expired);
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        if (!joined) {
          log.error(
            { event: 'cache.fill_failed', path: request.url, status: timedOut ? 504 : 502, err: error },
            `Fetching ${request.url} from the origin for the cache failed; answering ${timedOut ? 504 : 502}`,
          );
        }
        this.counters.misses++;
        writePlain(request, response, timedOut ? 504 : 502, timedOut ? 'Gateway Timeout' : 'Bad Gateway');
        return true;
      }

      if (result.kind === 'stored') {
        const evaluated = result.entry.policy.evaluateRequest(asked);
        if (!evaluated.response) continue;
        this.counters.misses++;
        this.writeEntry(request, response, key, result.entry, evaluated.response.headers, 'MISS');
        return true;
      }
      if (result.kind === 'refused' && result.fetched.status >= 500 && found.expired && this.staleIfError(found.expired, asked, result.fetched.status)) {
        return this.serveStale(request, response, key, found.expired);
      }
      // A response no shared cache may keep was rendered for the reader that
      // asked first, not for those that queued behind it (it may set a cookie):
      // they go to Next.js themselves.
      // Nor for a reader with a session: it was fetched without their cookies.
      if (result.kind === 'refused' && (joined || hasSessionCookie(request.headers.cookie))) return this.decline(response);
      this.counters.misses++;
      writeFetched(request, response, result.fetched, { withCookies: result.kind === 'refused' });
      return true;
    }
    return this.decline(response);
  }

  /** Drops, at once, every stored response naming one of these tags; fills in flight that name one are not kept. */
  purgeTags(tags: readonly string[]): void {
    this.counters.purges++;
    this.purgeSeq++;
    if (this.inflight.size > 0) for (const tag of tags) this.purgedAt.set(tag, this.purgeSeq);
    const purged = new Set(tags);
    for (const tag of purged) {
      const keys = this.tagIndex.get(tag);
      if (!keys) continue;
      for (const key of [...keys]) {
        const slot = this.store.peek(key);
        if (slot)
          this.put(
            key,
            slot.entries.filter((entry) => !entry.tags.some((t) => purged.has(t))),
          );
        else keys.delete(key);
      }
    }
  }

  /** Drops everything, fills in flight included: for when invalidations may have been missed. */
  purgeAll(): void {
    this.counters.purges++;
    this.purgeSeq++;
    this.purgedAllAt = this.purgeSeq;
    this.store.clear();
    this.tagIndex.clear();
    this.passing.clear();
  }

  stats(): HttpCacheStats {
    let entries = 0;
    for (const slot of this.store.values()) entries += slot.entries.length;
    return { entries, bytes: this.store.calculatedSize, ...this.counters };
  }

  private accepts(request: IncomingMessage): boolean {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    // Only origin-form targets: the fill fetches this path from the origin, and
    // `//host/...` or `http://host/...` must never make it fetch another host.
    const url = request.url ?? '';
    if (!url.startsWith('/') || url.startsWith('//')) return false;
    // A reader with a session cookie may be answered too: a stored response
    // is one its own headers let any shared cache give to anyone, and the
    // caller sends only the pages every reader is given the same way.
    if (this.isFill(request)) return false;
    return !declinedRequestHeaders.some((name) => request.headers[name] !== undefined);
  }

  private decline(response: ServerResponse): false {
    this.counters.bypasses++;
    response.setHeader('x-parley-cache', 'BYPASS');
    return false;
  }

  private lookup(key: string, asked: PolicyRequest): { usable?: { entry: Entry; headers: CachePolicy.Headers; revalidate: boolean }; expired?: Entry } {
    const slot = this.store.get(key);
    if (!slot) return {};
    let expired: Entry | undefined;
    let dead = false;
    for (const entry of slot.entries) {
      const evaluated = entry.policy.evaluateRequest(asked);
      if (evaluated.response) return { usable: { entry, headers: evaluated.response.headers, revalidate: evaluated.revalidation !== undefined } };
      // Past every window (freshness, stale-while-revalidate, stale-if-error): of no further use.
      if (entry.policy.timeToLive() <= 0) dead = true;
      else if (!expired && entry.variant === variantOf(entry.varyNames, asked.headers)) expired = entry;
    }
    if (dead)
      this.put(
        key,
        slot.entries.filter((entry) => entry.policy.timeToLive() > 0),
      );
    return { expired };
  }

  /** Whether the expired entry's stale-if-error still covers an origin failure with this status. */
  private staleIfError(entry: Entry, asked: PolicyRequest, status: number): boolean {
    return !entry.policy.revalidatedPolicy(asked, { status, headers: {} }).modified;
  }

  private serveStale(request: IncomingMessage, response: ServerResponse, key: string, entry: Entry): true {
    log.warn({ event: 'cache.stale_if_error', path: request.url }, `The origin failed for ${request.url}; answering with the stored copy its stale-if-error allows.`);
    this.counters.stale++;
    this.writeEntry(request, response, key, entry, entry.policy.responseHeaders(), 'STALE');
    return true;
  }

  private refreshInBackground(key: string, request: IncomingMessage, asked: PolicyRequest) {
    if (this.inflight.has(key)) return;
    const url = request.url;
    this.fill(key, request, asked).outcome.then(
      (result) => {
        if (result.kind === 'refused' && result.fetched.status >= 500) {
          log.warn(
            { event: 'cache.refresh_failed', path: url, status: result.fetched.status },
            `Refreshing the cached ${url} got ${result.fetched.status}; the stale copy is served meanwhile.`,
          );
        }
      },
      (error: unknown) =>
        log.warn({ event: 'cache.refresh_failed', path: url, err: error }, `Refreshing the cached ${url} failed; the stale copy is served meanwhile.`),
    );
  }

  /** One origin request per key at a time: readers arriving meanwhile wait for it (joined). */
  private fill(key: string, request: IncomingMessage, asked: PolicyRequest): { outcome: Promise<FillOutcome>; joined: boolean } {
    const pending = this.inflight.get(key);
    if (pending) return { outcome: pending, joined: true };
    const startedAt = this.purgeSeq;
    const outcome = this.fetchFromOrigin(request)
      .then((fetched) => this.admit(key, asked, fetched, startedAt))
      .finally(() => {
        this.inflight.delete(key);
        if (this.inflight.size === 0) this.purgedAt.clear();
      });
    this.inflight.set(key, outcome);
    return { outcome, joined: false };
  }

  private async fetchFromOrigin(request: IncomingMessage): Promise<Fetched> {
    this.counters.fills++;
    const url = new URL(this.options.origin);
    const target = new URL(request.url ?? '/', 'http://request.invalid');
    url.pathname = target.pathname;
    url.search = target.search;
    // Not the reader's cookies (the response is for everyone) nor their
    // Accept-Encoding: the cache stores the identity body and compresses it itself.
    // The reader's request id too: the fill's log lines are then found with the reader's.
    const requestId = request.headers['x-request-id'];
    const headers = {
      ...forwardedHeaders(request),
      ...(typeof requestId === 'string' && { 'x-request-id': requestId }),
      'accept-encoding': 'identity',
      [fillHeader]: this.fillToken,
    };
    const upstream = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(this.fillTimeoutMs) });
    const body = Buffer.from(await upstream.arrayBuffer());
    const stored: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (!unstoredResponseHeaders.has(name)) stored[name] = value;
    });
    return { status: upstream.status, headers: stored, setCookies: upstream.headers.getSetCookie(), body };
  }

  /** Stores the fetched response if it may be, and says what became of it. */
  private admit(key: string, asked: PolicyRequest, fetched: Fetched, startedAt: number): FillOutcome {
    const varyNames = (fetched.headers.vary ?? '')
      .toLowerCase()
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name && name !== 'accept-encoding');
    const policyHeaders = { ...fetched.headers };
    if (varyNames.length) policyHeaders.vary = varyNames.join(', ');
    else delete policyHeaders.vary;
    const policy = new CachePolicy(asked, { status: fetched.status, headers: policyHeaders }, { shared: true });
    const bytes = entryOverheadBytes + fetched.body.byteLength + headerBytes(fetched.headers) + headerBytes(asked.headers);
    const refusal = refusalOf(policy, fetched, varyNames) ?? (bytes > this.options.maxBytes / largestEntryShare ? 'too large for the cache' : null);
    if (refusal) {
      this.passing.set(key, true);
      // The origin no longer lets this page be shared: older copies go too.
      // Errors are not that: the stored copy may still cover for them.
      if (fetched.status < 500) this.store.delete(key);
      return { kind: 'refused', fetched, reason: refusal };
    }
    const tags = tagsOf(fetched.headers);
    if (this.purgedAllAt > startedAt || tags.some((tag) => (this.purgedAt.get(tag) ?? 0) > startedAt)) return { kind: 'discarded', fetched };

    const entry: Entry = {
      policy,
      status: fetched.status,
      body: fetched.body,
      encoded: {},
      compressible: fetched.body.byteLength > 0 && compressibleType.test(fetched.headers['content-type'] ?? ''),
      tags,
      varyNames,
      variant: variantOf(varyNames, asked.headers),
      bytes,
    };
    // Other representations of the key stay, as long as the origin still varies on the same headers.
    const siblings = (this.store.peek(key)?.entries ?? []).filter((other) => other.variant !== entry.variant && sameNames(other.varyNames, varyNames));
    this.put(key, [entry, ...siblings].slice(0, maxVariants));
    this.passing.delete(key);
    return { kind: 'stored', entry };
  }

  /** Sets the key's entries (none: removes the key), keeping the tag index in step. */
  private put(key: string, entries: readonly Entry[]) {
    const previous = this.store.peek(key);
    const sizeOf = (list: readonly Entry[]) => key.length + list.reduce((sum, entry) => sum + entry.bytes, 0);
    // One key's representations never take more than half the budget (lru-cache
    // would drop an item larger than all of it without telling its dispose why).
    while (entries.length > 0 && sizeOf(entries) > this.options.maxBytes / 2) entries = entries.slice(0, -1);
    if (entries.length === 0) {
      if (previous) this.store.delete(key);
      return;
    }
    if (previous) this.unindex(key, previous.entries, entries);
    for (const entry of entries) {
      for (const tag of entry.tags) {
        let keys = this.tagIndex.get(tag);
        if (!keys) this.tagIndex.set(tag, (keys = new Set()));
        keys.add(key);
      }
    }
    this.store.set(key, { entries }, { size: sizeOf(entries) });
  }

  /** Removes the key from the index of the tags `removed` names and `kept` does not. */
  private unindex(key: string, removed: readonly Entry[], kept: readonly Entry[]) {
    const stillNamed = new Set(kept.flatMap((entry) => entry.tags));
    for (const entry of removed) {
      for (const tag of entry.tags) {
        if (stillNamed.has(tag)) continue;
        const keys = this.tagIndex.get(tag);
        keys?.delete(key);
        if (keys?.size === 0) this.tagIndex.delete(tag);
      }
    }
  }

  private writeEntry(request: IncomingMessage, response: ServerResponse, key: string, entry: Entry, headers: CachePolicy.Headers, state: CacheState) {
    const encoding = entry.compressible ? preferredEncoding(request.headers['accept-encoding']) : 'identity';
    let body = entry.body;
    if (encoding !== 'identity') {
      let encoded = entry.encoded[encoding];
      if (!encoded) {
        encoded = entry.encoded[encoding] = encode(entry.body, encoding);
        entry.bytes += encoded.byteLength;
        // Counted against the budget while the entry is stored.
        const slot = this.store.peek(key);
        if (slot?.entries.includes(entry)) this.put(key, slot.entries);
      }
      body = encoded;
    }
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined && name !== 'vary') response.setHeader(name, value);
    }
    // The cache answers in several encodings: caches downstream must know.
    response.setHeader('vary', [...entry.varyNames, 'Accept-Encoding'].join(', '));
    if (encoding !== 'identity') response.setHeader('content-encoding', encoding);
    response.setHeader('content-length', body.byteLength);
    response.setHeader('x-parley-cache', state);
    response.writeHead(entry.status);
    response.end(request.method === 'HEAD' ? undefined : body);
  }
}

/**
 * The reader's headers that reach the origin on a fill, and that Vary is
 * matched on: the response is rendered from these alone, so it is the same
 * for every reader who sends the same ones. The reader's own Cache-Control and
 * Pragma are not among them, as CDNs do: a reload (`no-cache`) must not let
 * anyone make every request a render.
 */
function forwardedHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string' && (name === 'accept' || name === 'accept-language' || name.startsWith('x-forwarded-'))) headers[name] = value;
  }
  return headers;
}

/** Why no shared cache may keep this response, or null when it may. */
function refusalOf(policy: CachePolicy, fetched: Fetched, varyNames: readonly string[]): string | null {
  if (!storedStatuses.has(fetched.status)) return `status ${fetched.status}`;
  if (fetched.setCookies.length > 0) return 'it sets a cookie';
  if (!policy.storable()) return 'Cache-Control forbids a shared cache to store it';
  const directives = parseCacheControl(fetched.headers['cache-control']);
  // Only an explicit shared lifetime: no heuristic freshness from Last-Modified.
  if (!directives.has('s-maxage') && !directives.has('max-age') && !directives.has('public') && !fetched.headers.expires) return 'no explicit lifetime';
  // This cache never revalidates conditionally, so a copy that must be revalidated before each use is of no use.
  if (directives.has('no-cache') || directives.has('must-revalidate') || directives.has('proxy-revalidate')) return 'it must be revalidated before each use';
  if (varyNames.includes('*')) return 'Vary: *';
  if (policy.timeToLive() <= 0) return 'already expired';
  return null;
}

function parseCacheControl(header: string | undefined): Set<string> {
  return new Set(
    (header ?? '')
      .split(',')
      .map((part) => part.split('=')[0]?.trim().toLowerCase() ?? '')
      .filter(Boolean),
  );
}

/** `Cache-Tag: a,b c` (comma and/or space separated) and `Surrogate-Key: a b`. */
function tagsOf(headers: Record<string, string>): string[] {
  const tags = new Set<string>();
  for (const name of tagHeaders) for (const tag of (headers[name] ?? '').split(/[\s,]+/)) if (tag) tags.add(tag);
  return [...tags];
}

function variantOf(varyNames: readonly string[], headers: Record<string, string>): string {
  return varyNames.map((name) => `${name}\u0000${headers[name] ?? '\u0001'}`).join('\u0000');
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

function headerBytes(headers: Record<string, string>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(headers)) bytes += name.length + value.length;
  return bytes;
}

const compressibleType = /^(text\/|application\/(json|xml|javascript|rss\+xml|atom\+xml|ld\+json|manifest\+json)|image\/svg\+xml)/i;

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

function encode(body: Buffer, encoding: Exclude<Encoding, 'identity'>): Buffer {
  if (encoding === 'br') return brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 6, [zlib.BROTLI_PARAM_SIZE_HINT]: body.byteLength } });
  return gzipSync(body, { level: 6 });
}

/** A response passed through unstored: identity, as the origin sent it (its cookies only to the reader it was fetched for). */
function writeFetched(request: IncomingMessage, response: ServerResponse, fetched: Fetched, { withCookies }: { withCookies: boolean }) {
  for (const [name, value] of Object.entries(fetched.headers)) response.setHeader(name, value);
  if (withCookies && fetched.setCookies.length > 0) response.setHeader('set-cookie', fetched.setCookies);
  response.setHeader('content-length', fetched.body.byteLength);
  response.setHeader('x-parley-cache', 'MISS');
  response.writeHead(fetched.status);
  response.end(request.method === 'HEAD' ? undefined : fetched.body);
}

function writePlain(request: IncomingMessage, response: ServerResponse, status: number, text: string) {
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    'x-parley-cache': 'MISS',
  });
  response.end(request.method === 'HEAD' ? undefined : text);
}
