// Tag expiries shared between app instances through PostgreSQL (the real one).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { env } from '@/lib/env';
import {
  ALL_TAGS,
  areTagsExpiredSince,
  CACHE_TAG_CHANNEL,
  configureTagExpiry,
  expireTags,
  isTagExpiryListenerConnected,
  latestExpiry,
  LISTENER_APPLICATION_NAME,
  onTagsExpired,
  startTagExpiryListener,
  stopTagExpiry,
} from './tag-expiry.mjs';

const tag = (name: string) => `test:${name}:${Math.random().toString(36).slice(2)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds (the NOTIFY round trip takes a few milliseconds). */
async function eventually(check: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

/** Another app instance: a separate connection that announces expiries as tag-expiry.mjs does. */
async function announceFromAnotherInstance(tags: string[]) {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(`INSERT INTO "CacheTagExpiry" (tag, "expiredAt") SELECT unnest($1::text[]), now() ON CONFLICT (tag) DO UPDATE SET "expiredAt" = now()`, [tags]);
    await client.query('SELECT pg_notify($1, $2)', [CACHE_TAG_CHANNEL, JSON.stringify({ origin: 'another-instance', tags })]);
  } finally {
    await client.end();
  }
}

const heard: (string[] | typeof ALL_TAGS)[] = [];
let unsubscribe: () => void;

beforeAll(async () => {
  configureTagExpiry({ databaseUrl: env.DATABASE_URL });
  await startTagExpiryListener({ retryMs: 100 });
  unsubscribe = onTagsExpired((tags) => heard.push(tags));
});

afterEach(() => {
  heard.length = 0;
});

afterAll(async () => {
  unsubscribe();
  await stopTagExpiry();
});

describe('cache tag expiries', () => {
  it('an entry made before its tag expired is stale; one made after is not', async () => {
    const name = tag('article');
    const before = Date.now() - 1;
    expect(areTagsExpiredSince([name], before)).toBe(false);
    await expireTags([name]);
    expect(areTagsExpiredSince([name, tag('other')], before)).toBe(true);
    await sleep(5);
    expect(areTagsExpiredSince([name], Date.now())).toBe(false);
    expect(latestExpiry([name])).toBeGreaterThanOrEqual(before);
    expect(heard).toContainEqual([name]);
  });

  it('an expiry is recorded in the database and announced to every listening instance', async () => {
    const name = tag('recorded');
    const listener = new pg.Client({ connectionString: env.DATABASE_URL });
    await listener.connect();
    const received: string[] = [];
    listener.on('notification', (message) => received.push(message.payload ?? ''));
    await listener.query(`LISTEN ${CACHE_TAG_CHANNEL}`);
    try {
      await expireTags([name]);
      await eventually(() => received.some((payload) => payload.includes(name)));
      const { rows } = await listener.query('SELECT tag FROM "CacheTagExpiry" WHERE tag = $1', [name]);
      expect(rows).toHaveLength(1);
    } finally {
      await listener.end();
    }
  });

  it("another instance's expiry reaches this one and its listeners", async () => {
    const name = tag('remote');
    const before = Date.now() - 1;
    await announceFromAnotherInstance([name]);
    await eventually(() => areTagsExpiredSince([name], before));
    expect(heard).toContainEqual([name]);
  });

  it('expiries announced while the connection was cut are caught up when it comes back', async () => {
    await eventually(isTagExpiryListenerConnected);
    const name = tag('missed');
    const before = Date.now() - 1;
    const admin = new pg.Client({ connectionString: env.DATABASE_URL });
    await admin.connect();
    try {
      // The database ends our LISTEN connection (a restart, a failover)...
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', [
        LISTENER_APPLICATION_NAME,
      ]);
      await eventually(() => !isTagExpiryListenerConnected());
      // ...and another instance expires a tag meanwhile: nobody hears the NOTIFY.
      await announceFromAnotherInstance([name]);
    } finally {
      await admin.end();
    }
    await eventually(() => areTagsExpiredSince([name], before), 10_000);
    expect(isTagExpiryListenerConnected()).toBe(true);
    expect(heard.flat()).toContain(name);
  });

  it('hears its own expiry once (not again from its own NOTIFY)', async () => {
    const name = tag('own');
    await expireTags([name]);
    await sleep(300);
    expect(heard).toEqual([[name]]);
  });

  it('ignores malformed announcements', async () => {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      await client.query('SELECT pg_notify($1, $2)', [CACHE_TAG_CHANNEL, 'not json']);
      await client.query('SELECT pg_notify($1, $2)', [CACHE_TAG_CHANNEL, JSON.stringify({ origin: 'x', tags: 'not-a-list' })]);
      const name = tag('after-garbage');
      await client.query('SELECT pg_notify($1, $2)', [CACHE_TAG_CHANNEL, JSON.stringify({ origin: 'x', tags: [name] })]);
      await eventually(() => heard.some((tags) => Array.isArray(tags) && tags.includes(name)));
      expect(heard).toEqual([[name]]);
    } finally {
      await client.end();
    }
  });
});
