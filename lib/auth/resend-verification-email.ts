import 'server-only';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { enqueueJob } from '@/lib/jobs/enqueue-job';
import { getClientIp } from '@/lib/request-ip';
import { limitEmailRequest } from './auth-rate-limits';
import type { CurrentUser } from './current-user';
import { authorize } from './authorization';
import { verificationEmailJob } from './verification-email-job';
import { withCurrentUser } from './with-current-user';

/** Sends the signed-in reader a new verification link ("Resend" on the account page and in the composer). */
export async function resendVerificationEmailAs(actor: CurrentUser | null, ip: string): Promise<{ email: string }> {
  const user = authorize(actor, 'read-own-account');
  if (user.emailVerified) throw new DomainError('CONFLICT', 'Your email address is already verified.');
  await limitEmailRequest('verify-email', { email: user.email, ip });
  await enqueueJob(db, verificationEmailJob, { userId: user.id, email: user.email });
  return { email: user.email };
}

export const resendVerificationEmail = withCurrentUser(async (actor: CurrentUser | null) => resendVerificationEmailAs(actor, await getClientIp()));
