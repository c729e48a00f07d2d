import 'server-only';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { getClientIp } from '@/lib/request-ip';
import { checkEmailToken, consumeEmailToken, emailTokenProblemMessage } from './email-tokens';
import { hashPassword } from './password';
import { recordAuthEvent } from './record-auth-event';
import type { ResetPasswordInput } from './schema';
import { endEverySession } from './session-records';

function invalidLink(problem: Parameters<typeof emailTokenProblemMessage>[1]): DomainError {
  return new DomainError('INVALID_INPUT', emailTokenProblemMessage('RESET_PASSWORD', problem));
}

/**
 * Sets a new password from a reset link. The token is used up here, on the
 * form's POST, never by opening the link: mail scanners that fetch links in
 * advance would otherwise burn it. Every session of the account ends (the
 * reader then signs in with the new password), and the link having reached
 * the address proves it, so an unverified address becomes verified.
 */
export async function resetPasswordFrom(ip: string, input: ResetPasswordInput): Promise<void> {
  // Checked before the (deliberately slow) hash so a dead link answers at once; checked again when used.
  const check = await checkEmailToken(input.token, 'RESET_PASSWORD');
  if (!check.ok) throw invalidLink(check.problem);
  const passwordHash = await hashPassword(input.newPassword);
  const result = await db.$transaction(async (tx) => {
    const consumed = await consumeEmailToken(tx, input.token, 'RESET_PASSWORD');
    if (!consumed.ok) return consumed;
    const { userId, email } = consumed.token;
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    await tx.user.updateMany({ where: { id: userId, email, emailVerified: null }, data: { emailVerified: new Date() } });
    // Other reset links still out for this account are spent with this one.
    await tx.emailToken.updateMany({ where: { userId, purpose: 'RESET_PASSWORD', usedAt: null }, data: { usedAt: new Date() } });
    await endEverySession(tx, userId);
    await recordAuthEvent({ type: 'PASSWORD_RESET', userId, ip }, tx);
    return consumed;
  });
  if (!result.ok) throw invalidLink(result.problem);
}

export async function resetPassword(input: ResetPasswordInput): Promise<void> {
  await resetPasswordFrom(await getClientIp(), input);
}
