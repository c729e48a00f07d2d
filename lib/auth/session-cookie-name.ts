// Kept free of imports: the HTTP cache's request check (lib/cache/cacheable-request.ts)
// and proxy.ts read it outside Next.js's bundles.

/** next-auth's session cookie; `__Secure-` prefixed when the request came over HTTPS (lib/auth/session-cookie.ts). */
export const sessionCookieBaseName = 'next-auth.session-token';

// next-auth splits a large token into name.0, name.1, ...
const sessionCookiePattern = /(?:^|;\s*)(?:__Secure-)?next-auth\.session-token(?:\.\d+)?=/;

/** Whether a Cookie header carries a session (valid or not): such requests are never served from a shared cache. */
export const hasSessionCookie = (cookieHeader: string | undefined): boolean => !!cookieHeader && sessionCookiePattern.test(cookieHeader);
