// Redirect targets that come from input (?callbackUrl=, the console's returnTo,
// next-auth's callbackUrl) go through sameSitePath: whatever the value, the
// result is a path that a browser resolves to this site.
import { describe, expect, test } from 'vitest';
import { sameSitePath } from './site-path';

const origin = 'http://localhost:3000';

/** Where a browser goes with the result as a Location header, from a page of this site. */
const destination = (path: string) => new URL(path, `${origin}/signin?callbackUrl=x`);

// Each of these would send a browser to another host, or run script, if
// redirected to as written; a prefix check on the raw string lets most through.
const offSite: [string, unknown][] = [
  ['a protocol-relative URL', '//evil.example'],
  ['three slashes', '///evil.example'],
  ['a tab after the slash (browsers drop it)', '/\t/evil.example'],
  ['a newline after the slash', '/\n/evil.example'],
  ['a carriage return after the slash', '/\r/evil.example'],
  ['a leading tab', '\t//evil.example'],
  ['a leading space', ' //evil.example'],
  ['a backslash after the slash (browsers read it as a slash)', '/\\evil.example'],
  ['two backslashes', '\\\\evil.example'],
  ['a backslash then a slash', '\\/evil.example'],
  ['a slash then a backslash then a tab', '/\\\t/evil.example'],
  ['a dot segment that leaves "//" in front', '/.//evil.example'],
  ['a parent segment that leaves "//" in front', '/..//evil.example'],
  ['a console path climbing out to "//"', '/moderation/..//evil.example/x'],
  ['an encoded dot segment', '/%2e//evil.example'],
  ['an absolute http URL elsewhere', 'http://evil.example/'],
  ['an absolute https URL elsewhere', 'https://evil.example/path?q=1#h'],
  ['an upper-case scheme elsewhere', 'HTTPS://evil.example'],
  ['another port of this host', 'http://localhost:4000/'],
  ['this host over https (another origin)', 'https://localhost:3000/'],
  ['credentials that make the host another one', 'http://localhost:3000@evil.example/'],
  ['a javascript: URL', 'javascript:alert(1)'],
  ['a javascript: URL in mixed case', 'JaVaScRiPt:alert(document.domain)'],
  ['a javascript: URL with a tab inside the scheme', 'java\tscript:alert(1)'],
  ['a javascript: URL after spaces', '  javascript:alert(1)'],
  ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
  ['a scheme-only http: with backslashes', 'http:\\\\evil.example'],
  ['a scheme-relative with a backslash', 'http:/\\evil.example'],
  ['an invalid URL', 'http://[::1'],
  ['an empty string', ''],
  ['undefined', undefined],
  ['null', null],
  ['a number', 42],
  ['a repeated query parameter (an array)', ['/a', '/b']],
  ['a very long value', `/${'a'.repeat(5000)}`],
];

describe('sameSitePath', () => {
  test.each(offSite)('%s falls back to the default', (_case, value) => {
    expect(sameSitePath(value, '/', { origin })).toBe('/');
  });

  test.each([
    ['a path', '/account', '/account'],
    ['a path with a query and a fragment', '/articles/a-slug?sort=newest#comments', '/articles/a-slug?sort=newest#comments'],
    ['an absolute URL on this site', `${origin}/articles/a-slug#comment-1`, '/articles/a-slug#comment-1'],
    ['dot segments that stay on this site', '/moderation/../account', '/account'],
    ['an encoded slash pair (a path on this site, not a host)', '/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['an encoded tab (a path on this site)', '/%09/evil.example', '/%09/evil.example'],
    ['a relative path', 'account', '/account'],
    ['a query alone', '?q=1', '/?q=1'],
    ['a protocol-relative URL naming this host', '//localhost:3000/account', '/account'],
    ['a space inside the path', '/articles/a b', '/articles/a%20b'],
  ])('%s stays, as the resolved path', (_case, value, expected) => {
    expect(sameSitePath(value, '/', { origin })).toBe(expected);
  });

  test('every result, used as a Location, keeps the browser on this site', () => {
    const values = [...offSite.map(([, value]) => value), '/account', `${origin}/x?y#z`, '/moderation/..//evil.example'];
    for (const value of values) {
      const result = sameSitePath(value, '/fallback', { origin });
      expect(result.startsWith('/') && !result.startsWith('//'), String(value)).toBe(true);
      expect(destination(result).origin, String(value)).toBe(origin);
    }
  });

  test('without an origin, only relative references are kept', () => {
    expect(sameSitePath('/articles/a-slug#comments', '/')).toBe('/articles/a-slug#comments');
    expect(sameSitePath('/\t/evil.example', '/')).toBe('/');
    expect(sameSitePath('https://evil.example/', '/')).toBe('/');
  });

  describe('within a section of the site', () => {
    const console = (value: unknown) => sameSitePath(value, '/moderation', { origin, within: '/moderation' });

    test.each([
      ['the console itself', '/moderation', '/moderation'],
      ['a queue with filters and an item', '/moderation?queue=reported&q=spam#item-3', '/moderation?queue=reported&q=spam#item-3'],
      ['a console page', '/moderation/audit?action=BAN_USER', '/moderation/audit?action=BAN_USER'],
    ])('%s is kept', (_case, value, expected) => {
      expect(console(value)).toBe(expected);
    });

    test.each([
      ['another page of the site', '/account'],
      ['a path that only starts with the same letters', '/moderationx'],
      ['dot segments out of the section', '/moderation/../account'],
      ['dot segments out to another host', '/moderation/..//evil.example/x'],
      ['a tab trick', '/moderation/\t/../..//evil.example'],
    ])('%s falls back to the section', (_case, value) => {
      expect(console(value)).toBe('/moderation');
    });
  });
});
