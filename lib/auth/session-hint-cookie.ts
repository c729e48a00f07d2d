// Kept free of imports: server/main.ts sets it outside Next.js's bundles, and the browser reads it.
import { hasSessionCookie } from './session-cookie-name';

/**
 * A cookie the browser's script can read that says "this browser holds a
 * session cookie" (which is HttpOnly). The front page and an article's first
 * page are one cached HTML for every reader (README "Caching"); only a browser
 * with this hint asks /api/viewer for its reader's part of the page, so the
 * many anonymous readers cost no second request. It says nothing about
 * whether the session is valid: /api/viewer decides that.
 */
export const sessionHintCookieName = 'parley-session-hint';

const hintPattern = new RegExp(`(?:^|;\\s*)${sessionHintCookieName}=1(?:;|$)`);

export const hasSessionHint = (cookieHeader: string | undefined): boolean => !!cookieHeader && hintPattern.test(cookieHeader);

/** Also for the browser, when /api/viewer says the session behind the hint is gone. */
export const expiredSessionHint = `${sessionHintCookieName}=; Path=/; SameSite=Lax; Max-Age=0`;

/**
 * The Set-Cookie that brings the hint in line with the request's session
 * cookie, or null when it already is. A browser-session cookie: the next
 * response after a browser restart sets it again.
 */
export function sessionHintSetCookie(cookieHeader: string | undefined): string | null {
  const session = hasSessionCookie(cookieHeader);
  if (session === hasSessionHint(cookieHeader)) return null;
  return session ? `${sessionHintCookieName}=1; Path=/; SameSite=Lax` : expiredSessionHint;
}
