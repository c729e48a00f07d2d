// Signed-in requests: session cookies minted the way lib/auth/session-cookie.ts
// mints them (a Session row, and a next-auth JWT carrying the user id, session
// version and that row's id), with the secret the bench gives the server. The
// server runs on http://127.0.0.1, so the cookie has no __Secure- prefix.
import { randomUUID } from 'node:crypto';
import { encode } from 'next-auth/jwt';
import pg from 'pg';
import type { App } from './http';

export const SESSION_COOKIE = 'next-auth.session-token';
const MAX_AGE_SECONDS = 8 * 60 * 60;

type SessionUser = { id: string; sessionVersion?: number };

/** One cookie per user, in the order given; their Session rows go in with one statement. */
export async function sessionCookies(users: SessionUser[], app: Pick<App, 'secret' | 'databaseUrl'>): Promise<string[]> {
  const sessions = users.map((user) => ({ user, sid: randomUUID() }));
  const client = new pg.Client({ connectionString: app.databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "Session" ("id", "userId", "expiresAt")
       SELECT s.id, s.user_id, now() + make_interval(secs => $3) FROM unnest($1::uuid[], $2::uuid[]) AS s(id, user_id)`,
      [sessions.map((session) => session.sid), sessions.map((session) => session.user.id), MAX_AGE_SECONDS],
    );
  } finally {
    await client.end();
  }
  return Promise.all(
    sessions.map(async ({ user, sid }) => {
      const token = await encode({ token: { sub: user.id, sv: user.sessionVersion ?? 0, sid }, secret: app.secret, maxAge: MAX_AGE_SECONDS });
      return `${SESSION_COOKIE}=${token}`;
    }),
  );
}

export async function sessionCookie(user: SessionUser, app: Pick<App, 'secret' | 'databaseUrl'>): Promise<string> {
  const [cookie] = await sessionCookies([user], app);
  return cookie!;
}
