import 'server-only';
import { getClientIp } from '@/lib/request-ip';
import { db } from '@/lib/db';
import { requireUser } from './authorization';
import { recordAuthEvent } from './record-auth-event';
import { startSession } from './session-cookie';

/**
 * Ends every session of the current user, in every browser, on its next
 * request: the session version moves on, so older cookies stop matching.
 * This browser gets a fresh session so the user stays signed in here.
 */
export async function signOutEverywhere(): Promise<void> {
  const ip = await getClientIp();
  const user = await requireUser();
  const updated = await db.user.update({
    where: { id: user.id },
    data: { sessionVersion: { increment: 1 } },
    select: { id: true, sessionVersion: true },
  });
  await startSession(updated);
  await recordAuthEvent({ type: 'SIGN_OUT_EVERYWHERE', userId: user.id, ip });
}
