import { describe, expect, test, vi } from 'vitest';

// lib/env.ts also parses process.env when imported; give it a valid value so
// this pure unit test runs without a database configured.
vi.hoisted(() => {
  process.env.DATABASE_URL ||= 'postgresql://placeholder@127.0.0.1:5432/placeholder';
});

const { EnvError, parseEnv } = await import('./env');

const valid = { DATABASE_URL: 'postgresql://parley:secret@127.0.0.1:5432/parley' };

describe('parseEnv', () => {
  test('a missing DATABASE_URL names the variable and how to set it', () => {
    expect(() => parseEnv({})).toThrow(EnvError);
    expect(() => parseEnv({})).toThrow(/DATABASE_URL is not set\. Set it to a PostgreSQL URL/);
    expect(() => parseEnv({ DATABASE_URL: '   ' })).toThrow(/DATABASE_URL is not set/);
  });

  test('a DATABASE_URL that is not a PostgreSQL URL is rejected', () => {
    expect(() => parseEnv({ DATABASE_URL: 'mysql://root@localhost/parley' })).toThrow(/DATABASE_URL must be a PostgreSQL URL/);
    expect(() => parseEnv({ DATABASE_URL: '127.0.0.1:5432/parley' })).toThrow(/DATABASE_URL must be a PostgreSQL URL/);
  });

  test.each(['web', '0', '65536', '30.5'])('PORT=%s is rejected', (port) => {
    expect(() => parseEnv({ ...valid, PORT: port })).toThrow(/PORT must be/);
  });

  test('SITE_URL defaults to localhost on PORT', () => {
    expect(parseEnv(valid).SITE_URL).toBe('http://localhost:3000');
    expect(parseEnv({ ...valid, PORT: '4100' })).toMatchObject({ PORT: 4100, SITE_URL: 'http://localhost:4100' });
  });

  test('an explicit SITE_URL wins and loses its trailing slash', () => {
    expect(parseEnv({ ...valid, SITE_URL: 'https://parley.example/' }).SITE_URL).toBe('https://parley.example');
  });
});
