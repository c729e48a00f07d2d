// Which requests the HTTP cache (server/http-cache.ts) may answer, and under
// which key. Whether their responses are kept is the responses' own business
// (Cache-Control), and so are the tags they are dropped by (Cache-Tag); the
// tags below are the ones lib/ drops when the data behind these routes changes,
// for the app's pages to name.
import type { IncomingMessage } from 'node:http';
import { articleListTag, articlesTag, articleTag, policyTag } from '../lib/articles/cache-tags';
import { hasSessionCookie } from '../lib/auth/session-cookie-name';

type CacheableRoute = {
  path: RegExp;
  /** Query parameters that select a different response; any other parameter bypasses the cache. */
  query: readonly string[];
  tags: (slug: string) => string[];
};

const slug = '([a-z0-9]+(?:-[a-z0-9]+)*)';

const routes: CacheableRoute[] = [
  // The article with its first comments: what almost every reader requests.
  { path: new RegExp(`^/articles/${slug}$`), query: ['sort', 'cursor', 'comment', 'quoted'], tags: (s) => [articlesTag, articleTag(s), policyTag] },
  // The public JSON API behind "Load more".
  { path: new RegExp(`^/api/articles/${slug}/comments$`), query: ['sort', 'cursor'], tags: (s) => [articlesTag, articleTag(s)] },
  { path: /^\/$/, query: [], tags: () => [articlesTag, articleListTag] },
];

// Requests Next.js answers differently from a document request to the same
// URL (client navigations ask for the RSC payload; actions post), or that only
// part of the body would answer.
const varyingHeaders = ['rsc', 'next-action', 'next-router-state-tree', 'next-router-prefetch', 'next-router-segment-prefetch', 'range'];

export type CacheableRequest = { key: string; tags: string[] };

/**
 * The cache key and tags of an anonymous GET or HEAD for a cacheable route, or
 * null when the request must go to Next.js: a signed-in reader (the page shows
 * their name, their reactions, their pending comments), an RSC or action
 * request, or an unknown query parameter (which would let anyone fill the
 * cache with copies of one page).
 */
export function cacheableRequest(request: IncomingMessage): CacheableRequest | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  if (hasSessionCookie(request.headers.cookie)) return null;
  if (varyingHeaders.some((name) => request.headers[name] !== undefined)) return null;
  const url = new URL(request.url ?? '/', 'http://cache.invalid');
  for (const route of routes) {
    const match = route.path.exec(url.pathname);
    if (!match) continue;
    const params = [...url.searchParams.keys()];
    if (params.some((name) => !route.query.includes(name)) || new Set(params).size !== params.length) return null;
    url.searchParams.sort();
    // HSTS is added only for requests that came in over HTTPS (next.config.js).
    const scheme = request.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
    return { key: `${scheme} ${url.pathname}${url.search}`, tags: route.tags(match[1] ?? '') };
  }
  return null;
}
