import 'server-only';
import { getClientIp } from '@/lib/request-ip';
import type { z } from 'zod';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { requireUser } from './authorization';
import { hashPassword, verifyPassword } from './password';
import { recordAuthEvent } from './record-auth-event';
import type { changePasswordSchema } from './schema';
import { startSession } from './session-cookie';
import { endEverySession } from './session-records';

/**
 * Sets a new password (or a first one, for accounts made through a provider).
 * Every other session ends; this browser stays signed in.
 */
export async function changePassword(input: z.infer<typeof changePasswordSchema>): Promise<void> {
  const user = await requireUser();
  const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  if (passwordHash && !(await verifyPassword(passwordHash, input.currentPassword ?? ''))) {
    throw new DomainError('INVALID_INPUT', 'Your current password is not right.', {
      fieldErrors: { currentPassword: ['Your current password is not right.'] },
    });
  }
  const passwordHashed = await hashPassword(input.newPassword);
  const updated = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash: passwordHashed } });
    return endEverySession(tx, user.id);
  });
  await startSession(updated);
  await recordAuthEvent({ type: 'PASSWORD_CHANGED', userId: user.id, ip: await getClientIp() });
}
