import 'server-only';
import { getClientIp } from '@/lib/request-ip';
import { db } from '@/lib/db';
import { requireUser } from './authorization';
import { recordAuthEvent } from './record-auth-event';
import { startSession } from './session-cookie';
import { endEverySession } from './session-records';

/**
 * Ends every session of the current user, in every browser, on its next
 * request (lib/auth/session-records.ts).
 * This browser gets a fresh session so the user stays signed in here.
 */
export async function signOutEverywhere(): Promise<void> {
  const ip = await getClientIp();
  const user = await requireUser();
  await startSession(await db.$transaction((tx) => endEverySession(tx, user.id)));
  await recordAuthEvent({ type: 'SIGN_OUT_EVERYWHERE', userId: user.id, ip });
}
