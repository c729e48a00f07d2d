import 'server-only';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { Prisma } from '@/lib/generated/prisma/client';
import { enqueueJob } from '@/lib/jobs/enqueue-job';
import { getClientIp } from '@/lib/request-ip';
import { limitAuthAttempt } from './auth-rate-limits';
import { hashPassword } from './password';
import { recordAuthEvent } from './record-auth-event';
import type { SignUpInput } from './schema';
import { startSession } from './session-cookie';
import { verificationEmailJob } from './verification-email-job';

/** Creates a reader account with a password (rate-limited per client address) and sends the link that verifies its address. */
export async function createPasswordAccount(input: SignUpInput, ip: string) {
  await limitAuthAttempt('sign-up', { ip });
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { name: input.name, email: input.email, passwordHash },
        select: { id: true, sessionVersion: true },
      });
      // In the account's own transaction: no account without its verification email, nor an email without an account.
      await enqueueJob(tx, verificationEmailJob, { userId: created.id, email: input.email }, { key: `verify-email:sign-up:${created.id}` });
      return created;
    });
    await recordAuthEvent({ type: 'SIGN_UP', userId: user.id, ip, detail: { method: 'password' } });
    return user;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new DomainError('CONFLICT', 'An account with this email already exists. Sign in instead.', {
        fieldErrors: { email: ['An account with this email already exists. Sign in instead.'] },
      });
    }
    throw error;
  }
}

/** The sign-up form's command: create the account and sign it in here. */
export async function signUp(input: SignUpInput): Promise<void> {
  const ip = await getClientIp();
  const user = await createPasswordAccount(input, ip);
  await startSession(user);
  await recordAuthEvent({ type: 'SIGN_IN', userId: user.id, ip, detail: { method: 'password' } });
}
