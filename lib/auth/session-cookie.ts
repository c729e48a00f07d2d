import 'server-only';
import { decode, encode } from 'next-auth/jwt';
import { cookies } from 'next/headers';
import { env } from '@/lib/env';
import { sessionCookieBaseName } from './session-cookie-name';

// Sessions are next-auth JWTs (credentials sign-in requires the JWT strategy in
// next-auth v4). Password sign-ins mint the same token next-auth mints for
// OAuth sign-ins, so one reader (`readSessionToken`) serves both.

/** Session lifetime. Short, and revocable at any moment through User.sessionVersion. */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export const useSecureCookies = env.SITE_URL.startsWith('https://');
export const sessionCookieName = `${useSecureCookies ? '__Secure-' : ''}${sessionCookieBaseName}`;

export type SessionClaims = { sub: string; sv: number };

export async function startSession(user: { id: string; sessionVersion: number }): Promise<void> {
  const token = await encode({
    token: { sub: user.id, sv: user.sessionVersion },
    secret: env.NEXTAUTH_SECRET,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  (await cookies()).set(sessionCookieName, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: useSecureCookies,
    path: '/',
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
}

export async function endSession(): Promise<void> {
  (await cookies()).delete({ name: sessionCookieName, path: '/', secure: useSecureCookies, httpOnly: true, sameSite: 'lax' });
}

/** The claims of a valid, unexpired session cookie, or null. Says nothing about revocation. */
export async function readSessionToken(): Promise<SessionClaims | null> {
  const raw = (await cookies()).get(sessionCookieName)?.value;
  if (!raw) return null;
  try {
    const token = await decode({ token: raw, secret: env.NEXTAUTH_SECRET });
    if (!token || typeof token.sub !== 'string' || typeof token.sv !== 'number') return null;
    return { sub: token.sub, sv: token.sv };
  } catch {
    return null;
  }
}
