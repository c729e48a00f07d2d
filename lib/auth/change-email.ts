import 'server-only';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { Prisma } from '@/lib/generated/prisma/client';
import { enqueueJob } from '@/lib/jobs/enqueue-job';
import { getClientIp } from '@/lib/request-ip';
import { limitEmailRequest } from './auth-rate-limits';
import { authorize } from './authorization';
import { emailChangedNoticeJob } from './email-changed-notice-job';
import type { CurrentUser } from './current-user';
import { verifyPassword } from './password';
import { recordAuthEvent } from './record-auth-event';
import type { ChangeEmailInput } from './schema';
import { verificationEmailJob } from './verification-email-job';
import { withCurrentUser } from './with-current-user';

const alreadyTaken = 'Another account uses this address.';

/**
 * Moves the signed-in reader's account to another address. The new address is
 * unverified until the link sent to it (in the same transaction) is opened;
 * a password account must confirm with its password, so a borrowed session
 * cannot move the account out of its owner's reach. The old address, when it
 * was verified, is told of the change (same transaction).
 */
export async function changeEmailAs(actor: CurrentUser | null, ip: string, input: ChangeEmailInput): Promise<void> {
  const user = authorize(actor, 'read-own-account');
  if (input.email === user.email) {
    throw new DomainError('INVALID_INPUT', 'That is already your address.', { fieldErrors: { email: ['That is already your address.'] } });
  }
  const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  if (passwordHash && !(await verifyPassword(passwordHash, input.currentPassword ?? ''))) {
    throw new DomainError('INVALID_INPUT', 'Your current password is not right.', {
      fieldErrors: { currentPassword: ['Your current password is not right.'] },
    });
  }
  await limitEmailRequest('verify-email', { email: input.email, ip });
  try {
    await db.$transaction(async (tx) => {
      const before = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { email: true, emailVerified: true } });
      const changedAt = new Date();
      await tx.user.update({ where: { id: user.id }, data: { email: input.email, emailVerified: null } });
      await enqueueJob(tx, verificationEmailJob, { userId: user.id, email: input.email });
      if (before.emailVerified) {
        await enqueueJob(tx, emailChangedNoticeJob, { userId: user.id, oldEmail: before.email, newEmail: input.email, changedAt: changedAt.toISOString() });
      }
      await recordAuthEvent({ type: 'EMAIL_CHANGED', userId: user.id, ip }, tx);
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new DomainError('CONFLICT', alreadyTaken, { fieldErrors: { email: [alreadyTaken] } });
    }
    throw error;
  }
}

export const changeEmail = withCurrentUser(async (actor: CurrentUser | null, input: ChangeEmailInput) => changeEmailAs(actor, await getClientIp(), input));
