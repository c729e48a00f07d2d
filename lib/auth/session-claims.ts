// Kept free of server-only imports: next-auth's options and the session code both use it.

/** Session lifetime: the cookie's, the token's and the session row's. */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/** What a session cookie carries: the user, their session version (lib/auth/session-records.ts), and this browser's session row. */
export type SessionClaims = { sub: string; sv: number; sid: string };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The claims of a decoded token, or null when it lacks one (a token from before session rows has no `sid`). */
export function sessionClaimsOf(token: Record<string, unknown> | null): SessionClaims | null {
  if (!token || typeof token.sub !== 'string' || typeof token.sv !== 'number' || typeof token.sid !== 'string' || !uuid.test(token.sid)) return null;
  return { sub: token.sub, sv: token.sv, sid: token.sid };
}
