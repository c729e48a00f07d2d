import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import { limitAuthAttempt } from '@/lib/auth/auth-rate-limits';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { consumeRateLimit, consumeRateLimits, pruneRateLimits, resetRateLimit } from './consume-rate-limit';

afterAll(() => db.$disconnect());

const key = () => `test:${randomUUID()}`;

describe('fixed-window rate limits in PostgreSQL', () => {
  test('attempts up to the limit pass and the next one is refused with the wait', async () => {
    const k = key();
    const rule = { limit: 3, windowSeconds: 60 };
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await consumeRateLimit(k, rule));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[2]?.remaining).toBe(0);
    expect(results[3]?.retryAfterSeconds).toBeGreaterThan(55);
    expect(results[3]?.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  test('concurrent attempts from several instances cannot exceed the limit', async () => {
    const k = key();
    const results = await Promise.all(Array.from({ length: 20 }, () => consumeRateLimit(k, { limit: 5, windowSeconds: 60 })));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
  });

  test('several keys are counted at once, each against its own rule, answered in the order asked', async () => {
    const [tight, loose] = [key(), key()];
    const attempts = [
      { key: tight, rule: { limit: 1, windowSeconds: 10 } },
      { key: loose, rule: { limit: 5, windowSeconds: 3600 } },
    ];
    const first = await consumeRateLimits(attempts);
    expect(first.map((r) => [r.allowed, r.remaining])).toEqual([
      [true, 0],
      [true, 4],
    ]);
    const second = await consumeRateLimits(attempts);
    expect(second.map((r) => r.allowed)).toEqual([false, true]);
    expect(second[0]?.retryAfterSeconds).toBeGreaterThan(5);
    expect(second[0]?.retryAfterSeconds).toBeLessThanOrEqual(10);
    expect(second[1]?.remaining).toBe(3);
  });

  test('one key given twice in a call is a programming error, not a double count', async () => {
    const k = key();
    const rule = { limit: 5, windowSeconds: 60 };
    await expect(
      consumeRateLimits([
        { key: k, rule },
        { key: k, rule },
      ]),
    ).rejects.toThrow(/repeat/);
    expect(await db.rateLimitBucket.findUnique({ where: { key: k } })).toBeNull();
  });

  test('a new window starts once the old one has expired', async () => {
    const k = key();
    await consumeRateLimit(k, { limit: 1, windowSeconds: 1 });
    expect((await consumeRateLimit(k, { limit: 1, windowSeconds: 1 })).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await consumeRateLimit(k, { limit: 1, windowSeconds: 1 })).allowed).toBe(true);
  });

  test('reset forgets a key and prune drops expired windows', async () => {
    const k = key();
    await consumeRateLimit(k, { limit: 1, windowSeconds: 60 });
    await resetRateLimit(k);
    expect((await consumeRateLimit(k, { limit: 1, windowSeconds: 60 })).allowed).toBe(true);
    const old = key();
    await consumeRateLimit(old, { limit: 1, windowSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await pruneRateLimits()).toBeGreaterThanOrEqual(1);
    expect(await db.rateLimitBucket.findUnique({ where: { key: old } })).toBeNull();
  });
});

describe('sign-in and sign-up limits', () => {
  test('the seventh sign-in attempt in a minute from one address is refused with HTTP 429 and the wait', async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
    for (let i = 0; i < 6; i++) await limitAuthAttempt('sign-in', { ip, email: `${randomUUID()}@example.test` });
    const refusal = await limitAuthAttempt('sign-in', { ip, email: `${randomUUID()}@example.test` }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).code).toBe('RATE_LIMITED');
    expect((refusal as DomainError).message).toMatch(/Too many attempts\. Try again in \d+ seconds?\./);
    expect((refusal as DomainError).details.retryAfterSeconds).toBeGreaterThan(0);
    expect(await db.authEvent.count({ where: { type: 'RATE_LIMITED', ip } })).toBe(1);
  });

  test('one account is protected even when the attempts come from many addresses', async () => {
    const email = `${randomUUID()}@example.test`;
    for (let i = 0; i < 6; i++) await limitAuthAttempt('sign-in', { ip: randomUUID(), email });
    await expect(limitAuthAttempt('sign-in', { ip: randomUUID(), email })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });
});
