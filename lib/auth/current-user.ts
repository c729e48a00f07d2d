import 'server-only';
import { cache } from 'react';
import { db } from '@/lib/db';
import { readSessionToken, type SessionClaims } from './session-cookie';

const currentUserSelect = {
  id: true,
  name: true,
  email: true,
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
 * its session version must still match the user's, so signing out everywhere,
 * changing the password or deleting the account ends every session on its
 * next request.
 */
export async function resolveSessionUser(claims: SessionClaims) {
  const user = await db.user.findUnique({ where: { id: claims.sub }, select: { ...currentUserSelect, deletedAt: true } });
  if (!user || user.deletedAt || user.sessionVersion !== claims.sv) return null;
  const { passwordHash, deletedAt: _deleted, ...rest } = user;
  return { ...rest, hasPassword: passwordHash !== null };
}

/** Who is making this request, or null. Memoised per request. */
export const getCurrentUser = cache(async () => {
  const claims = await readSessionToken();
  return claims ? resolveSessionUser(claims) : null;
});

export type CurrentUser = NonNullable<Awaited<ReturnType<typeof resolveSessionUser>>>;
