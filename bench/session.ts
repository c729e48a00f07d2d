// Signed-in requests: a session cookie minted the way lib/auth/session-cookie.ts
// mints it (a next-auth JWT carrying the user id and session version), with the
// secret the bench gives the server. The server runs on http://127.0.0.1, so the
// cookie has no __Secure- prefix.
import { encode } from 'next-auth/jwt';

export const SESSION_COOKIE = 'next-auth.session-token';
const MAX_AGE_SECONDS = 8 * 60 * 60;

export async function sessionCookie(user: { id: string; sessionVersion?: number }, secret: string): Promise<string> {
  const token = await encode({ token: { sub: user.id, sv: user.sessionVersion ?? 0 }, secret, maxAge: MAX_AGE_SECONDS });
  return `${SESSION_COOKIE}=${token}`;
}
