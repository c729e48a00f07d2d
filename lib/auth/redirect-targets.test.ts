// Where sign-in, sign-up and next-auth send a reader afterwards: only to this
// site, whatever ?callbackUrl= says (lib/site-path.ts holds the rule).
import { afterAll, describe, expect, test } from 'vitest';
import { db } from '@/lib/db';
import { authOptions } from './auth-options';
import { callbackUrlSchema, signInSchema, signUpSchema } from './schema';

afterAll(() => db.$disconnect());

const offSite = [
  '//evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '\t//evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/.//evil.example',
  '/..//evil.example',
  '/%2e//evil.example',
  'https://evil.example/',
  'javascript:alert(1)',
  'http://localhost:3000@evil.example/',
];

describe('callbackUrl on the sign-in and sign-up forms', () => {
  test.each(offSite)('%j means the front page', (value) => {
    expect(callbackUrlSchema.parse(value)).toBe('/');
  });

  test('a path on this site is kept, resolved', () => {
    expect(callbackUrlSchema.parse('/articles/a-slug#comments')).toBe('/articles/a-slug#comments');
    expect(callbackUrlSchema.parse('/articles/a b')).toBe('/articles/a%20b');
  });

  test('a missing value or a repeated parameter (an array) means the front page, not an error', () => {
    expect(callbackUrlSchema.parse(undefined)).toBe('/');
    expect(callbackUrlSchema.safeParse(['/a', '/b'])).toEqual({ success: true, data: '/' });
  });

  test('the sign-in and sign-up inputs carry the checked value', () => {
    expect(signInSchema.parse({ email: 'a@example.test', password: 'x', callbackUrl: '/\t/evil.example' }).callbackUrl).toBe('/');
    const signUp = { name: 'A', email: 'a@example.test', password: 'a long enough passphrase', callbackUrl: '/.//evil.example' };
    expect(signUpSchema.parse(signUp).callbackUrl).toBe('/');
  });
});

describe("next-auth's redirect after a provider sign-in or sign-out", () => {
  const baseUrl = 'http://localhost:3000';
  const redirect = (url: string) => {
    const callbacks = authOptions.callbacks;
    if (!callbacks?.redirect) throw new Error('authOptions has no redirect callback');
    return Promise.resolve(callbacks.redirect({ url, baseUrl }));
  };

  test.each([...offSite, '/%2F%2Fevil.example', 'evil.example', 'http://[::1'])('%j stays on this site', async (url) => {
    const target = new URL(await redirect(url));
    expect(target.origin).toBe(baseUrl);
    expect(target.pathname.startsWith('//')).toBe(false);
  });

  test.each(offSite)('%j goes to the front page', async (url) => {
    expect(await redirect(url)).toBe(`${baseUrl}/`);
  });

  test('a path or an absolute URL on this site is followed', async () => {
    expect(await redirect('/articles/a-slug#comments')).toBe(`${baseUrl}/articles/a-slug#comments`);
    expect(await redirect(`${baseUrl}/account?x=1`)).toBe(`${baseUrl}/account?x=1`);
  });
});
