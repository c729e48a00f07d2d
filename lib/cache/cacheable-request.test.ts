// Which requests the HTTP cache may answer, and the one URL each stands for.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeCursor } from '@/lib/comments/thread-cursor';
import { cacheKeyOf, normalizeCacheableRequest } from './cacheable-request';

const normalize = (url: string, headers: Record<string, string> = {}, method = 'GET') => normalizeCacheableRequest({ url, method, headers });

describe('which requests the HTTP cache may answer', () => {
  it('answers anonymous reads of articles, their comment API and the front page', () => {
    expect(normalize('/articles/russia-and-iran')).toBe('/articles/russia-and-iran');
    expect(normalize('/api/articles/russia-and-iran/comments?sort=newest')).toBe('/api/articles/russia-and-iran/comments?sort=newest');
    expect(normalize('/')).toBe('/');
    expect(normalize('/articles/a', {}, 'HEAD')).toBe('/articles/a');
  });

  it('answers a signed-in reader the shared front page and article page, but never their comments API', () => {
    const signedIn = { cookie: 'theme=dark; next-auth.session-token=abc' };
    expect(normalize('/articles/a?sort=newest', signedIn)).toBe('/articles/a?sort=newest');
    expect(normalize('/', { cookie: '__Secure-next-auth.session-token.0=abc' })).toBe('/');
    expect(normalize('/api/articles/a/comments', signedIn)).toBeNull();
    expect(normalize('/api/articles/a/comments', { cookie: 'theme=dark; next-auth.csrf-token=abc' })).toBe('/api/articles/a/comments');
  });

  it("leaves a signed-in reader's ?personal view to Next.js, and gives anyone else asking for one the shared page", () => {
    expect(normalize('/articles/a?personal=1', { cookie: 'next-auth.session-token=abc' })).toBeNull();
    expect(normalize('/articles/a?personal=1&sort=oldest')).toBe('/articles/a?sort=oldest');
  });

  it('leaves client navigations, server actions, partial and authorized requests and writes to Next.js', () => {
    expect(normalize('/articles/a', { rsc: '1' })).toBeNull();
    expect(normalize('/articles/a', { 'next-action': 'abc' }, 'POST')).toBeNull();
    expect(normalize('/articles/a', {}, 'POST')).toBeNull();
    expect(normalize('/articles/a', { range: 'bytes=0-10' })).toBeNull();
    expect(normalize('/articles/a', { authorization: 'Bearer x' })).toBeNull();
  });

  it('never lets a request name another host (a poisoned fill would be served to everyone)', () => {
    expect(normalize('//evil.example/articles/a')).toBeNull();
    expect(normalize('http://evil.example/articles/a')).toBeNull();
  });

  it('turns unknown parameters and malformed or default values into the default page (issue 12: one entry per made-up value)', () => {
    expect(normalize('/articles/a?utm_source=x&fbclid=y')).toBe('/articles/a');
    expect(normalize('/articles/a?sort=bogus')).toBe('/articles/a');
    expect(normalize('/articles/a?sort=best')).toBe('/articles/a');
    expect(normalize('/articles/a?sort=newest&sort=oldest')).toBe('/articles/a?sort=newest');
    expect(normalize('/?page=2')).toBe('/');
    const flood = new Set(Array.from({ length: 1000 }, (_, i) => normalize(`/articles/a?x=${i}&sort=${i}`)));
    expect([...flood]).toEqual(['/articles/a']);
  });

  it('leaves later pages, linked comments and quoted passages of an article to Next.js, which renders them per request', () => {
    const cursor = encodeCursor({ insightful: 0, createdAt: new Date(), id: randomUUID() });
    expect(normalize(`/articles/a?cursor=${encodeURIComponent(cursor)}`)).toBeNull();
    expect(normalize(`/articles/a?comment=${randomUUID()}`)).toBeNull();
    expect(normalize('/articles/a?quoted=intro-p1')).toBeNull();
  });

  it('turns values that cannot be a later page, a comment or a passage into the default page (a made-up value costs a hit, not a render)', () => {
    expect(normalize('/articles/a?cursor=made-up&sort=newest')).toBe('/articles/a?sort=newest');
    expect(normalize(`/articles/a?comment=${'z'.repeat(36)}`)).toBe('/articles/a');
    expect(normalize('/articles/a?quoted=%3Cscript%3E')).toBe('/articles/a');
  });

  it('keeps an API cursor only when this server handed it out', () => {
    const cursor = encodeCursor({ insightful: 3, createdAt: new Date('2026-11-01T00:00:00Z'), id: randomUUID() });
    expect(normalize(`/api/articles/a/comments?cursor=${encodeURIComponent(cursor)}&sort=oldest&x=1`)).toBe(
      `/api/articles/a/comments?sort=oldest&cursor=${encodeURIComponent(cursor)}`,
    );
    expect(normalize('/api/articles/a/comments?cursor=made-up')).toBeNull();
    expect(normalize(`/api/articles/a/comments?cursor=${cursor.slice(0, -2)}AA`)).toBeNull();
  });

  it('leaves other routes alone', () => {
    for (const url of ['/account', '/moderation', '/articles/a/extra', '/api/articles/a/events', '/articles/Bad_Slug', '/cached/latest'])
      expect(normalize(url)).toBeNull();
  });

  it('keys HTTPS apart from HTTP', () => {
    expect(cacheKeyOf('/articles/a', 'https')).not.toBe(cacheKeyOf('/articles/a', undefined));
  });
});
