import { hasSessionCookie } from './session-cookie-name';

/**
 * Where an anonymous visitor asking for a page that needs an account is sent:
 * to sign in, and back to the page afterwards; null when the request carries
 * a session (the page itself then checks it, and the capability:
 * lib/auth/page-guards.ts).
 *
 * Decided before Next.js renders anything (proxy.ts): with Cache Components a
 * page starts its response before its own checks run, so a redirect from the
 * page arrives as a 200 that only JavaScript follows.
 */
export function signInRedirectFor(pathname: string, cookieHeader: string | null | undefined): string | null {
  if (hasSessionCookie(cookieHeader ?? undefined)) return null;
  return `/signin?callbackUrl=${encodeURIComponent(pathname)}`;
}
