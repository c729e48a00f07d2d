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

  test('production with your own database refuses to start without NEXTAUTH_SECRET, and says how to make one', () => {
    expect(() => parseEnv({ ...valid, NODE_ENV: 'production' })).toThrow(/NEXTAUTH_SECRET is not set.*openssl rand -base64 32/s);
    const secret = 'x'.repeat(40);
    expect(parseEnv({ ...valid, NODE_ENV: 'production', NEXTAUTH_SECRET: secret }).NEXTAUTH_SECRET).toBe(secret);
  });

  test('a short NEXTAUTH_SECRET is refused', () => {
    expect(() => parseEnv({ ...valid, NEXTAUTH_SECRET: 'short' })).toThrow(/NEXTAUTH_SECRET must be at least 32 characters/);
  });

  test('the embedded database, development and the build may run without a configured secret (one is generated)', () => {
    expect(parseEnv({ ...valid, NODE_ENV: 'production', PARLEY_EMBEDDED_DB: '1' }).NEXTAUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(parseEnv({ ...valid, NODE_ENV: 'development' }).NEXTAUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(parseEnv({ ...valid, NODE_ENV: 'production', NEXT_PHASE: 'phase-production-build' }).NEXTAUTH_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  test('a provider is switched on only with both its id and secret; half a pair is named', () => {
    expect(() => parseEnv({ ...valid, GITHUB_ID: 'abc' })).toThrow(/GITHUB_SECRET is not set, but GITHUB_ID is/);
    expect(() => parseEnv({ ...valid, OIDC_CLIENT_ID: 'abc', OIDC_CLIENT_SECRET: 'def' })).toThrow(/OIDC_ISSUER is not set, but OIDC_CLIENT_ID is/);
    expect(() => parseEnv({ ...valid, OIDC_ISSUER: 'not a url', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b' })).toThrow(/OIDC_ISSUER must be the issuer URL/);
    expect(parseEnv({ ...valid, GOOGLE_CLIENT_ID: 'a', GOOGLE_CLIENT_SECRET: 'b' })).toMatchObject({ GOOGLE_CLIENT_ID: 'a' });
  });

  test('every problem is reported at once, not one per restart', () => {
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x', PORT: 'web', GITHUB_ID: 'a' })).toThrow(/DATABASE_URL[\s\S]*PORT[\s\S]*GITHUB_SECRET/);
  });

  test('SMTP_URL must be an smtp(s) URL; MAIL_FROM an address, with or without a name, defaulting to the site’s host', () => {
    expect(() => parseEnv({ ...valid, SMTP_URL: 'http://mail.example' })).toThrow(/SMTP_URL must be an SMTP URL/);
    expect(parseEnv({ ...valid, SMTP_URL: 'smtps://user:secret@mail.example:465' }).SMTP_URL).toBe('smtps://user:secret@mail.example:465');
    expect(() => parseEnv({ ...valid, MAIL_FROM: 'not an address' })).toThrow(/MAIL_FROM must be an email address/);
    expect(parseEnv({ ...valid, MAIL_FROM: 'Parley <news@parley.example>' }).MAIL_FROM).toBe('Parley <news@parley.example>');
    expect(parseEnv({ ...valid, MAIL_FROM: 'news@parley.example' }).MAIL_FROM).toBe('news@parley.example');
    expect(parseEnv({ ...valid, SITE_URL: 'https://parley.example' }).MAIL_FROM).toBe('Parley <noreply@parley.example>');
  });

  test('the in-process job worker is on unless PARLEY_WORKER=0', () => {
    expect(parseEnv(valid).PARLEY_WORKER).toBe(true);
    expect(parseEnv({ ...valid, PARLEY_WORKER: '0' }).PARLEY_WORKER).toBe(false);
    expect(() => parseEnv({ ...valid, PARLEY_WORKER: 'off' })).toThrow(/PARLEY_WORKER/);
  });

  test('LOG_LEVEL is one of pino’s levels, info by default', () => {
    expect(parseEnv(valid).LOG_LEVEL).toBe('info');
    expect(parseEnv({ ...valid, LOG_LEVEL: 'debug' }).LOG_LEVEL).toBe('debug');
    expect(() => parseEnv({ ...valid, LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/);
  });

  test('METRICS_TOKEN is off by default and, when set, long enough not to be guessed', () => {
    expect(parseEnv(valid).METRICS_TOKEN).toBeUndefined();
    expect(() => parseEnv({ ...valid, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 16 characters/);
    expect(parseEnv({ ...valid, METRICS_TOKEN: 'a'.repeat(32) }).METRICS_TOKEN).toBe('a'.repeat(32));
  });
});
