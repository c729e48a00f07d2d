// Which requests Parley's HTTP cache (server/http-cache.ts) may answer, and
// the one URL each stands for. Whether a response is then kept is its own
// business (Cache-Control, Cache-Tag from Next.js and the API); this decides
// what may become a cache key at all. Every value is validated first and
// anything unknown or malformed means the default (issue 12, cache flooding:
// 10,000 made-up ?cursor= values were 10,000 entries and pushed the real
// article page out).
import { hasSessionCookie } from '@/lib/auth/session-cookie-name';
import { decodeCursor } from '@/lib/comments/thread-cursor';
import { threadSorts } from '@/lib/comments/limits';

type RequestLine = { method?: string; url?: string; headers: Record<string, string | string[] | undefined> };

// Requests Next.js answers differently from a document request to the same
// URL (client navigations ask for the RSC payload; actions post), or that only
// part of the body would answer.
const varyingHeaders = ['rsc', 'next-action', 'next-router-state-tree', 'next-router-prefetch', 'next-router-segment-prefetch', 'range', 'authorization'];

const slug = '([a-z0-9]+(?:-[a-z0-9]+)*)';
const articlePath = new RegExp(`^/articles/${slug}$`);
const commentsApiPath = new RegExp(`^/api/articles/${slug}/comments$`);

const commentId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const paragraphAnchor = /^[a-z0-9-]{1,200}$/;

/**
 * Cursors already found to be this server's: a cached later page otherwise
 * costs a signature check on every request (5 of the 7 µs its normalizing
 * takes; the first page's takes 1). Only good ones are kept, so made-up values
 * cannot fill it; bounded all the same.
 */
const checkedCursors = new Set<string>();
function isOurCursor(cursor: string): boolean {
  if (checkedCursors.has(cursor)) return true;
  if (!decodeCursor(cursor)) return false;
  if (checkedCursors.size >= 1000) checkedCursors.clear();
  checkedCursors.add(cursor);
  return true;
}

const defaultSort = 'best';
const knownSort = (value: string | null): string | null => (value && value !== defaultSort && (threadSorts as readonly string[]).includes(value) ? value : null);

/**
 * The normalized URL (path and the query values that select a different
 * answer) of a GET or HEAD the cache may answer, or null when the request
 * must go to Next.js as it is: an RSC or action request, another route, the
 * comments API asked with a session cookie (its answer is that reader's), or
 * an article view that depends on more than its sort (a later page, a linked
 * comment, a quoted passage, a signed-in reader's ?personal view: rendered
 * per request, never stored). The front page and an article's first page
 * are the same for every reader, signed in or not: next.config.js rewrites
 * both to the shared pages, whose script asks /api/viewer for the reader's
 * part. The caller sends Next.js the normalized URL, so the answer stored
 * under it is the answer to it.
 */
export function normalizeCacheableRequest(request: RequestLine): string | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const raw = request.url ?? '';
  // Origin-form only: `//host/...` must never name another host.
  if (!raw.startsWith('/') || raw.startsWith('//')) return null;
  const cookie = request.headers.cookie;
  const signedIn = hasSessionCookie(Array.isArray(cookie) ? cookie.join('; ') : cookie);
  if (varyingHeaders.some((name) => request.headers[name] !== undefined)) return null;
  let url: URL;
  try {
    url = new URL(raw, 'http://cache.invalid');
  } catch {
    return null;
  }
  const query = url.searchParams;
  const normalized = new URLSearchParams();

  if (url.pathname === '/') return '/';

  if (articlePath.test(url.pathname)) {
    // A signed-in reader's own, uncached view of the thread, for readers
    // without JavaScript (the shared page's script fills in everyone else's
    // part of it). Nobody else's: for them it is the shared page.
    if (signedIn && query.has('personal')) return null;
    // A later page, a linked comment or a quoted passage is rendered per
    // request; a value that cannot be one (an unsigned cursor, a comment id
    // that is no UUID, a passage id that is no anchor) is the default page,
    // so making values up costs a cache hit, not a render.
    const cursor = query.get('cursor');
    const comment = query.get('comment');
    const quoted = query.get('quoted');
    if ((cursor !== null && isOurCursor(cursor)) || (comment !== null && commentId.test(comment)) || (quoted !== null && paragraphAnchor.test(quoted))) return null;
    const sort = knownSort(query.get('sort'));
    if (sort) normalized.set('sort', sort);
  } else if (commentsApiPath.test(url.pathname) && !signedIn) {
    const sort = knownSort(query.get('sort'));
    if (sort) normalized.set('sort', sort);
    const cursor = query.get('cursor');
    // A cursor this server did not hand out is answered 400 by the API, uncached.
    if (cursor !== null) {
      if (!isOurCursor(cursor)) return null;
      normalized.set('cursor', cursor);
    }
  } else {
    return null;
  }
  const search = normalized.toString();
  return search ? `${url.pathname}?${search}` : url.pathname;
}

/** The cache key of a normalized URL: HTTPS apart from HTTP (HSTS is sent only over HTTPS). */
export function cacheKeyOf(normalizedUrl: string, forwardedProto: string | string[] | undefined): string {
  return `${forwardedProto === 'https' ? 'https' : 'http'} ${normalizedUrl}`;
}
