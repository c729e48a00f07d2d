import 'server-only';
import { decode, encode } from 'next-auth/jwt';
import { cookies } from 'next/headers';
import { sessionHintCookieName } from './session-hint-cookie';
import { env } from '@/lib/env';
import { requestIsHttps } from '@/lib/request-protocol';
import { SESSION_MAX_AGE_SECONDS, sessionClaimsOf, type SessionClaims } from './session-claims';
import { sessionCookieBaseName } from './session-cookie-name';
import { closeSession, openSession } from './session-records';

// Sessions are next-auth JWTs (credentials sign-in requires the JWT strategy in
// next-auth v4). Password sign-ins mint the same token next-auth mints for
// OAuth sign-ins (lib/auth/auth-options.ts), so one reader (`readSessionToken`)
// serves both.

/**
 * The session cookie as this request must see it. Over HTTPS it is Secure and
 * `__Secure-` prefixed (the browser then refuses it from plain HTTP, and
 * refuses a plain-HTTP cookie of that name), over plain HTTP neither, or the
 * browser would not send it back. next-auth's own cookies follow the same rule
 * (authOptionsForThisRequest).
 */
export async function sessionCookie(): Promise<{ name: string; secure: boolean }> {
  const secure = await requestIsHttps();
  return { name: `${secure ? '__Secure-' : ''}${sessionCookieBaseName}`, secure };
}

export async function encodeSessionToken(claims: SessionClaims): Promise<string> {
  return encode({ token: claims, secret: env.NEXTAUTH_SECRET, maxAge: SESSION_MAX_AGE_SECONDS });
}

/** The claims of a valid, unexpired token, or null. Says nothing about revocation (see resolveSessionUser). */
export async function decodeSessionToken(raw: string): Promise<SessionClaims | null> {
  try {
    return sessionClaimsOf(await decode({ token: raw, secret: env.NEXTAUTH_SECRET }));
  } catch {
    return null;
  }
}

/** Signs this browser in: a new session row, and its cookie. */
export async function startSession(user: { id: string; sessionVersion: number }): Promise<void> {
  const token = await encodeSessionToken(await openSession(user));
  const { name, secure } = await sessionCookie();
  const jar = await cookies();
  jar.set(name, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: SESSION_MAX_AGE_SECONDS });
  // Set with the session, not on the next request (server/main.ts does that
  // for sessions it did not see begin): a sign-in whose action redirects
  // renders the next page in this same response, whose script must know.
  jar.set(sessionHintCookieName, '1', { sameSite: 'lax', path: '/' });
}

/** Signs this browser out: its session row goes, so a copy of the cookie is worth nothing either. */
export async function endSession(): Promise<void> {
  const claims = await readSessionToken();
  if (claims) await closeSession(claims.sid);
  const { name, secure } = await sessionCookie();
  const jar = await cookies();
  jar.delete({ name, path: '/', secure, httpOnly: true, sameSite: 'lax' });
  jar.delete({ name: sessionHintCookieName, path: '/', sameSite: 'lax' });
}

/** The claims of this request's session cookie, if it holds a valid, unexpired token. */
export async function readSessionToken(): Promise<SessionClaims | null> {
  const raw = (await cookies()).get((await sessionCookie()).name)?.value;
  return raw ? decodeSessionToken(raw) : null;
}
