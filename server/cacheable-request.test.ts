// Which requests server/main.ts lets the HTTP cache answer, and under which key.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { cacheableRequest } from './cacheable-request';

describe('which requests the HTTP cache may answer', () => {
  const request = (url: string, headers: Record<string, string> = {}, method = 'GET') => cacheableRequest({ url, method, headers } as IncomingMessage);

  it('answers anonymous reads of articles, their comment API and the front page, tagged with their data', () => {
    expect(request('/articles/russia-and-iran')?.tags).toEqual(['articles', 'article:russia-and-iran', 'moderation-policy']);
    expect(request('/api/articles/russia-and-iran/comments?sort=newest')?.tags).toEqual(['articles', 'article:russia-and-iran']);
    expect(request('/')?.tags).toEqual(['articles', 'article-list']);
  });

  it('never answers a reader with a session cookie, even an expired one', () => {
    expect(request('/articles/a', { cookie: 'theme=dark; next-auth.session-token=abc' })).toBeNull();
    expect(request('/articles/a', { cookie: '__Secure-next-auth.session-token.0=abc' })).toBeNull();
    expect(request('/articles/a', { cookie: 'theme=dark; next-auth.csrf-token=abc' })).not.toBeNull();
  });

  it('leaves client navigations, server actions and writes to Next.js', () => {
    expect(request('/articles/a', { rsc: '1' })).toBeNull();
    expect(request('/articles/a', { 'next-action': 'abc' }, 'POST')).toBeNull();
    expect(request('/articles/a', {}, 'POST')).toBeNull();
    expect(request('/articles/a', { range: 'bytes=0-10' })).toBeNull();
  });

  it('refuses unknown or repeated query parameters, so nobody can fill it with copies of a page', () => {
    expect(request('/articles/a?utm_source=x')).toBeNull();
    expect(request('/articles/a?sort=best&sort=newest')).toBeNull();
    expect(request('/api/articles/a/comments?comment=x')).toBeNull();
  });

  it('keys the same page the same way whatever the parameter order, and HTTPS apart from HTTP', () => {
    expect(request('/articles/a?sort=newest&cursor=x')?.key).toBe(request('/articles/a?cursor=x&sort=newest')?.key);
    expect(request('/articles/a', { 'x-forwarded-proto': 'https' })?.key).not.toBe(request('/articles/a')?.key);
  });

  it('leaves other routes alone', () => {
    for (const url of ['/account', '/moderation', '/articles/a/extra', '/api/articles/a/events', '/articles/Bad_Slug']) expect(request(url)).toBeNull();
  });
});
