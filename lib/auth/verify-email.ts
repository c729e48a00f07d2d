import 'server-only';
import { db } from '@/lib/db';
import { consumeEmailToken, emailTokenProblemMessage } from './email-tokens';
import { recordAuthEvent } from './record-auth-event';

export type VerifyEmailResult = { ok: true } | { ok: false; message: string };

/**
 * Opens a verification link: the account's address is verified and the token
 * used up. Works in any browser, signed in or not: the link itself is the proof.
 */
export async function verifyEmailWithToken(token: unknown, ip: string | null = null): Promise<VerifyEmailResult> {
  const result = await db.$transaction(async (tx) => {
    const consumed = await consumeEmailToken(tx, token, 'VERIFY_EMAIL');
    if (!consumed.ok) return consumed;
    const { userId, email } = consumed.token;
    // The address is compared again in the update: a change racing with this link leaves the new address unverified.
    await tx.user.updateMany({ where: { id: userId, email, emailVerified: null }, data: { emailVerified: new Date() } });
    await recordAuthEvent({ type: 'EMAIL_VERIFIED', userId, ip }, tx);
    return consumed;
  });
  return result.ok ? { ok: true } : { ok: false, message: emailTokenProblemMessage('VERIFY_EMAIL', result.problem) };
}
