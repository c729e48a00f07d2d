// The one rule for redirect targets that come from input: ?callbackUrl= on
// sign-in and sign-up, the console forms' returnTo, next-auth's callbackUrl.

/**
 * The origin relative references resolve against when the caller has no
 * origin of its own (a form's hidden field holds a path): `.invalid` is never
 * a real host (RFC 2606), so an absolute URL can only match it on purpose.
 */
const LOCAL_ORIGIN = 'http://parley.invalid';

/** Longer than any path Parley makes; a longer value is refused rather than echoed into a form and a Location header. */
const MAX_LENGTH = 2048;

export type SameSitePathOptions = {
  /** The site's origin, for values that may be absolute URLs (next-auth passes its base URL). */
  origin?: string;
  /** Keep only paths in this section of the site (the console returns only to console pages). */
  within?: string;
};

/**
 * `value` as a path on this site (pathname, query and fragment), or `fallback`.
 *
 * The value is resolved as a browser resolves a Location header, with
 * `new URL(value, origin)`, and kept only if it lands on that origin; the
 * caller redirects to the resolved path, never to the raw string. A prefix
 * check on the raw string misses what the URL parser rewrites: browsers drop
 * tabs and newlines (`/\t/evil` is `//evil`), read backslashes as slashes
 * (`/\evil`), and resolve dot segments (`/.//evil` is the path `//evil`).
 */
export function sameSitePath(value: unknown, fallback: string, { origin = LOCAL_ORIGIN, within }: SameSitePathOptions = {}): string {
  if (typeof value !== 'string' || value === '' || value.length > MAX_LENGTH) return fallback;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(origin).origin) return fallback;
  // A resolved path may still start with "//" ("/a/..//evil"): sent as a
  // Location, a browser would read it as a protocol-relative URL to "evil".
  if (url.pathname.startsWith('//')) return fallback;
  if (within && url.pathname !== within && !url.pathname.startsWith(`${within}/`)) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
