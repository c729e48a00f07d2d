// @ts-check
// When each cache tag was last expired, shared by every app instance.
//
// Next.js caches data ('use cache') and whole anonymous pages (ISR) in each
// instance's memory, and Parley's HTTP cache in server/ keeps finished
// responses. All of them ask this module whether an entry's tags were expired
// after the entry was made. A change expires its tags here: at once in this
// process, and through PostgreSQL (a row per tag plus NOTIFY) in every other
// instance, which LISTENs and, after any gap in its connection, catches up
// from the rows.
//
// Plain JavaScript because Next.js imports the cache handlers that use it
// (lib/cache/*-cache-handler.mjs) at run time, outside its bundles. lib/ code
// bundled by Next.js imports it too, which makes a second copy of this module
// in the same process: the state lives on globalThis so both copies share it.
import { randomUUID } from 'node:crypto';
import pg from 'pg';

export const CACHE_TAG_CHANNEL = 'parley_cache_tags';

/** The listening connection's application_name in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'parley-cache-tags';

/** @typedef {'*'} AllTags */

/** Expiring every tag at once: after a gap in which expiries may have been missed. */
export const ALL_TAGS = /** @type {AllTags} */ ('*');

/**
 * `here`: this process expired the tags (it made the change); `elsewhere`:
 * another instance did, or this one caught up after a gap.
 * @typedef {(tags: string[] | AllTags, source: 'here' | 'elsewhere') => void} ExpiryListener
 * @typedef {{
 *   id: string,
 *   databaseUrl: string | undefined,
 *   expiredAt: Map<string, number>,
 *   everythingExpiredAt: number,
 *   listeners: Set<ExpiryListener>,
 *   pool: pg.Pool | undefined,
 *   listening: boolean,
 *   connected: boolean,
 *   stopListening: (() => Promise<void>) | undefined,
 *   log: ((event: string, fields: Record<string, unknown>) => void) | undefined,
 * }} TagExpiryState
 */

const stateKey = Symbol.for('parley.tagExpiry');

/** @returns {TagExpiryState} */
function state() {
  const global = /** @type {{ [stateKey]?: TagExpiryState }} */ (/** @type {unknown} */ (globalThis));
  global[stateKey] ??= {
    id: randomUUID(),
    databaseUrl: undefined,
    expiredAt: new Map(),
    everythingExpiredAt: 0,
    listeners: new Set(),
    pool: undefined,
    listening: false,
    connected: false,
    stopListening: undefined,
    log: undefined,
  };
  return global[stateKey];
}

/**
 * Sets the database this process shares tag expiries through. The server does
 * it at start (lib/server-start.ts), scripts and tests before they change data.
 * @param {{ databaseUrl: string }} options
 */
export function configureTagExpiry({ databaseUrl }) {
  const current = state();
  if (current.databaseUrl === databaseUrl) return;
  const previous = current.pool;
  current.databaseUrl = databaseUrl;
  // Two connections at most: expiring is one short statement per change. It
  // runs after a command committed (a post waits for it): with the database
  // away it fails within seconds rather than holding the request (lib/db.ts).
  current.pool = new pg.Pool({ connectionString: databaseUrl, max: 2, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 5_000, query_timeout: 9_000 });
  current.pool.on('error', () => undefined);
  void previous?.end().catch(() => undefined);
}

/**
 * Whether any of the tags was expired at or after `timestamp` (ms), i.e. an
 * entry made at that time may hold data the change replaced.
 * @param {readonly string[]} tags
 * @param {number} timestamp
 */
export function areTagsExpiredSince(tags, timestamp) {
  const { expiredAt, everythingExpiredAt } = state();
  if (everythingExpiredAt >= timestamp) return true;
  for (const tag of tags) {
    const at = expiredAt.get(tag);
    if (at !== undefined && at >= timestamp) return true;
  }
  return false;
}

/**
 * The latest time any of the tags expired (0 if never), in this process's clock.
 * @param {readonly string[]} tags
 */
export function latestExpiry(tags) {
  const { expiredAt, everythingExpiredAt } = state();
  let latest = everythingExpiredAt;
  for (const tag of tags) latest = Math.max(latest, expiredAt.get(tag) ?? 0);
  return latest;
}

/**
 * Called with the tags each time some expire here or on another instance
 * (ALL_TAGS after a gap). Returns a function that removes the listener.
 * @param {ExpiryListener} listener
 */
export function onTagsExpired(listener) {
  const { listeners } = state();
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/**
 * @param {string[] | AllTags} tags
 * @param {'here' | 'elsewhere'} source
 */
function applyLocally(tags, source) {
  const current = state();
  // Times are this process's receipt time, not the sender's: entries made here
  // before the news arrived are the ones that may be stale, whatever the clocks say.
  const now = Date.now();
  if (tags === ALL_TAGS) current.everythingExpiredAt = now;
  else for (const tag of tags) current.expiredAt.set(tag, now);
  for (const listener of current.listeners) {
    try {
      listener(tags, source);
    } catch (error) {
      // The server's logger (lib/log.ts, given to startTagExpiryListener); this file is loaded where TypeScript is not.
      if (current.log) current.log('cache.tags.expiry_listener_failed', { error: error instanceof Error ? error.message : String(error) });
      else console.error('A cache tag expiry listener failed:', error);
    }
  }
}

/**
 * Expires the tags: entries made from the data they name are not served again,
 * here at once and on every other instance as soon as the NOTIFY arrives.
 * Without a configured database (a unit test of a cache) only this process
 * hears of it.
 * @param {readonly string[]} tags
 */
export async function expireTags(tags) {
  const unique = [...new Set(tags)].filter((tag) => tag.length > 0);
  if (unique.length === 0) return;
  applyLocally(unique, 'here');
  const { pool, id } = state();
  if (!pool) return;
  // One statement: record the expiry (for instances that are offline now and
  // catch up later) and announce it (for those listening).
  await pool.query(
    `WITH recorded AS (
       INSERT INTO "CacheTagExpiry" (tag, "expiredAt")
       SELECT unnest($1::text[]), now()
       ON CONFLICT (tag) DO UPDATE SET "expiredAt" = excluded."expiredAt"
       RETURNING 1
     )
     SELECT pg_notify($2, $3) FROM (SELECT count(*) FROM recorded) AS done`,
    [unique, CACHE_TAG_CHANNEL, JSON.stringify({ origin: id, tags: unique })],
  );
}

/**
 * Listens for other instances' expiries, once per process; reconnects when the
 * database goes away and then catches up from the recorded rows. Resolves once
 * the first connection is listening (or has failed and will retry).
 * @param {{ retryMs?: number, log?: (event: string, fields: Record<string, unknown>) => void }} [options]
 */
export async function startTagExpiryListener(options = {}) {
  const current = state();
  if (current.listening) return;
  if (!current.databaseUrl) throw new Error('configureTagExpiry({ databaseUrl }) must be called before startTagExpiryListener().');
  current.listening = true;
  const retryMs = options.retryMs ?? 2000;
  const log = options.log ?? (() => undefined);
  current.log = options.log;
  const databaseUrl = current.databaseUrl;
  /** Database time of the last moment we know we heard everything; null before the first connection. */
  let heardUntil = /** @type {Date | null} */ (null);
  /** @type {pg.Client | undefined} */
  let client;
  let stopped = false;
  /** @type {NodeJS.Timeout | undefined} */
  let retryTimer;

  const connect = async () => {
    if (stopped) return;
    // Named, so an operator sees what the long-lived connection is.
    const next = new pg.Client({ connectionString: databaseUrl, application_name: LISTENER_APPLICATION_NAME, connectionTimeoutMillis: 5_000 });
    client = next;
    const retry = (/** @type {unknown} */ error) => {
      if (client !== next) return;
      client = undefined;
      current.connected = false;
      next.removeAllListeners();
      void next.end().catch(() => undefined);
      if (error && !stopped) log('cache.tags.listener_lost', { error: error instanceof Error ? error.message : String(error) });
      if (!stopped) retryTimer = setTimeout(() => void connect(), retryMs).unref();
    };
    next.on('error', retry);
    next.on('end', () => retry(new Error('connection ended')));
    next.on('notification', (message) => {
      if (message.channel !== CACHE_TAG_CHANNEL || !message.payload) return;
      try {
        const parsed = /** @type {{ origin?: unknown, tags?: unknown }} */ (JSON.parse(message.payload));
        if (parsed.origin === current.id || !Array.isArray(parsed.tags)) return;
        applyLocally(
          parsed.tags.filter((tag) => typeof tag === 'string'),
          'elsewhere',
        );
      } catch {
        log('cache.tags.bad_notification', {});
      }
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CACHE_TAG_CHANNEL}`);
      const { rows } = await next.query('SELECT now() AS now');
      const connectedAt = /** @type {Date} */ (rows[0].now);
      if (heardUntil) {
        // Expiries announced while we were not listening: the rows have them.
        // A second of slack covers statements that committed as we reconnected.
        const missed = await next.query('SELECT tag FROM "CacheTagExpiry" WHERE "expiredAt" >= $1', [new Date(heardUntil.getTime() - 1000)]);
        const tags = missed.rows.map((row) => /** @type {string} */ (row.tag));
        if (tags.length > 0) applyLocally(tags, 'elsewhere');
        log('cache.tags.listener_restored', { caughtUp: tags.length });
      }
      heardUntil = connectedAt;
      current.connected = true;
    } catch (error) {
      retry(error);
    }
  };

  // While connected, remember how far we have heard, so a later gap is bounded.
  const heartbeat = setInterval(() => {
    const live = client;
    if (!live || !current.connected) return;
    live.query('SELECT now() AS now').then(
      (result) => {
        if (client === live) heardUntil = /** @type {Date} */ (result.rows[0].now);
      },
      () => undefined,
    );
  }, 30_000).unref();

  current.stopListening = async () => {
    stopped = true;
    clearInterval(heartbeat);
    if (retryTimer) clearTimeout(retryTimer);
    const live = client;
    client = undefined;
    current.connected = false;
    current.listening = false;
    live?.removeAllListeners();
    await live?.end().catch(() => undefined);
  };
  await connect();
}

/** Whether this process is currently hearing other instances' expiries (for readiness checks). */
export function isTagExpiryListenerConnected() {
  return state().connected;
}

/** Stops listening and closes the pool: for tests and graceful shutdown. */
export async function stopTagExpiry() {
  const current = state();
  await current.stopListening?.();
  current.stopListening = undefined;
  const pool = current.pool;
  current.pool = undefined;
  current.databaseUrl = undefined;
  await pool?.end().catch(() => undefined);
}
