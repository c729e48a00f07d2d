import { describe, expect, test } from 'vitest';
import { isHttpsRequest } from './request-protocol';

const behindProxy = { siteUrl: 'http://localhost:3000', trustProxy: true };
const direct = { siteUrl: 'http://localhost:3000', trustProxy: false };

describe('isHttpsRequest', () => {
  test('an https SITE_URL means every request is served over HTTPS', () => {
    expect(isHttpsRequest(null, { siteUrl: 'https://parley.example', trustProxy: false })).toBe(true);
    expect(isHttpsRequest('http', { siteUrl: 'https://parley.example', trustProxy: true })).toBe(true);
  });

  test('behind a trusted proxy, X-Forwarded-Proto decides (its first entry: the client’s scheme)', () => {
    expect(isHttpsRequest('https', behindProxy)).toBe(true);
    expect(isHttpsRequest('HTTPS', behindProxy)).toBe(true);
    expect(isHttpsRequest('https, http', behindProxy)).toBe(true);
    expect(isHttpsRequest('http', behindProxy)).toBe(false);
    expect(isHttpsRequest('http, https', behindProxy)).toBe(false);
    expect(isHttpsRequest(null, behindProxy)).toBe(false);
  });

  test('without a trusted proxy, the header is not believed', () => {
    expect(isHttpsRequest('https', direct)).toBe(false);
  });
});
