import 'server-only';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { getClientIp } from '@/lib/request-ip';
import { resetRateLimit } from '@/lib/rate-limit/consume-rate-limit';
import { limitAuthAttempt } from './auth-rate-limits';
import { verifyAgainstDecoy, verifyPassword } from './password';
import { recordAuthEvent } from './record-auth-event';
import type { SignInInput } from './schema';
import { startSession } from './session-cookie';

const invalidCredentials = () => new DomainError('INVALID_CREDENTIALS', 'That email and password do not match an account.');

/**
 * Checks an email and password, counting the attempt against the rate limits.
 * A wrong email and a wrong password get the same message and take the same
 * time. Suspended and banned users may still sign in and read; posting checks
 * their standing.
 */
export async function verifyCredentials(input: SignInInput, ip: string) {
  await limitAuthAttempt('sign-in', { ip, email: input.email });
  const user = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true, passwordHash: true, sessionVersion: true, deletedAt: true },
  });
  const ok = user?.passwordHash && !user.deletedAt ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDecoy(input.password);
  if (!user || !ok) {
    await recordAuthEvent({ type: 'SIGN_IN_FAILED', userId: user?.id ?? null, ip, detail: { method: 'password' } });
    throw invalidCredentials();
  }
  await resetRateLimit(`sign-in:email:${input.email}`);
  await recordAuthEvent({ type: 'SIGN_IN', userId: user.id, ip, detail: { method: 'password' } });
  return { id: user.id, sessionVersion: user.sessionVersion };
}

/** The sign-in form's command: verify, then start this browser's session. */
export async function signInWithPassword(input: SignInInput): Promise<void> {
  await startSession(await verifyCredentials(input, await getClientIp()));
}
