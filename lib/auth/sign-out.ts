import 'server-only';
import { getClientIp } from '@/lib/request-ip';
import { getCurrentUser } from './current-user';
import { recordAuthEvent } from './record-auth-event';
import { endSession } from './session-cookie';

/** Ends this browser's session. */
export async function signOut(): Promise<void> {
  const ip = await getClientIp();
  const user = await getCurrentUser();
  await endSession();
  if (user) await recordAuthEvent({ type: 'SIGN_OUT', userId: user.id, ip });
}
