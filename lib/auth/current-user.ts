import 'server-only';
import { cache } from 'react';
import { db } from '@/lib/db';
import { noteRequestUser } from '@/lib/request-context';
import type { SessionClaims } from './session-claims';
import { readSessionToken } from './session-cookie';

const currentUserSelect = {
  id: true,
  name: true,
  email: true,
  emailVerified: true,
  role: true,
  sessionVersion: true,
  suspendedUntil: true,
  bannedAt: true,
  statusReason: true,
  passwordHash: true,
  isDemo: true,
  createdAt: true,
  moderationMode: true,
  warning: true,
  warningAcknowledgedAt: true,
} as const;

/**
 * The user a session token speaks for, or null. The token alone is not enough:
 * its session row must still be there (signing out deletes it) and its
 * session version must still match the user's (signing out everywhere,
 * changing the password, a ban or deleting the account move it on). Both are
 * conditions of one query (the row's is an EXISTS), run on every request.
 */
export async function resolveSessionUser(claims: SessionClaims) {
  const user = await db.user.findFirst({
    where: {
      id: claims.sub,
      sessionVersion: claims.sv,
      deletedAt: null,
      sessions: { some: { id: claims.sid, expiresAt: { gt: new Date() } } },
    },
    select: currentUserSelect,
  });
  if (!user) return null;
  const { passwordHash, ...rest } = user;
  return { ...rest, hasPassword: passwordHash !== null, sessionId: claims.sid };
}

/** Who is making this request, or null. Memoised per request. */
export const getCurrentUser = cache(async () => {
  const claims = await readSessionToken();
  const user = claims ? await resolveSessionUser(claims) : null;
  if (user) noteRequestUser(user.id);
  return user;
});

export type CurrentUser = NonNullable<Awaited<ReturnType<typeof resolveSessionUser>>>;
