import 'server-only';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { SESSION_MAX_AGE_SECONDS, type SessionClaims } from './session-claims';

// Each signed-in browser has a Session row, named by the `sid` claim of its
// cookie. The row lives in PostgreSQL, so ending a session takes effect on
// every app instance, and checking it costs nothing extra: the session check
// (lib/auth/current-user.ts) reads the row together with its user.

/** Opens a session for a user who just proved who they are; the claims go in their cookie. */
export async function openSession(user: { id: string; sessionVersion: number }): Promise<SessionClaims> {
  // Expired rows are useless; sweeping them at each sign-in keeps the table at about eight hours of sign-ins.
  await db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  const session = await db.session.create({
    data: { userId: user.id, expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000) },
    select: { id: true },
  });
  return { sub: user.id, sv: user.sessionVersion, sid: session.id };
}

/** Ends one session: any copy of its cookie is signed out from its next request on. */
export async function closeSession(sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

/**
 * Ends every session of a user (sign out everywhere, password change, ban,
 * account deletion). The version bump is what ends them, also a session being
 * opened at this very moment from a sign-in that read the old version;
 * deleting the rows only keeps the table clean.
 */
export async function endEverySession(tx: Prisma.TransactionClient, userId: string): Promise<{ id: string; sessionVersion: number }> {
  await tx.session.deleteMany({ where: { userId } });
  return tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } }, select: { id: true, sessionVersion: true } });
}
