import 'server-only';
import { db } from '@/lib/db';
import { enqueueJob } from '@/lib/jobs/enqueue-job';
import { getClientIp } from '@/lib/request-ip';
import { limitEmailRequest } from './auth-rate-limits';
import { passwordResetEmailJob } from './password-reset-email-job';
import { recordAuthEvent } from './record-auth-event';

/**
 * "Forgot password": queues a reset link for the address. Nothing here looks
 * the address up: whether an account has it is decided by the job, off the
 * request, so the answer and the work done are the same for every address
 * and the form cannot be used to find out who has an account.
 */
export async function requestPasswordResetFrom(ip: string, email: string): Promise<void> {
  await limitEmailRequest('forgot-password', { email, ip });
  await enqueueJob(db, passwordResetEmailJob, { email });
  // No user id (that would need the lookup) and no address (logs hold none).
  await recordAuthEvent({ type: 'PASSWORD_RESET_REQUESTED', ip });
}

export async function requestPasswordReset(email: string): Promise<void> {
  await requestPasswordResetFrom(await getClientIp(), email);
}
