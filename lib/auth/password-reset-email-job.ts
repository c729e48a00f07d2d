import 'server-only';
import { createElement } from 'react';
import { z } from 'zod';
import { ResetPasswordEmail } from '@/components/emails/reset-password-email';
import { db } from '@/lib/db';
import { sendEmail } from '@/lib/email/send-email';
import { defineJob } from '@/lib/jobs/define-job';
import { unsubscribeUrl } from '@/lib/notifications/unsubscribe-token';
import { absoluteUrl } from '@/lib/site';
import { issueEmailToken } from './email-tokens';

/**
 * Sends a password reset link to an address, if an account has it. Every
 * forgot-password request enqueues this job, whether or not the address is
 * known: the lookup happens here, off the request, so the answer and its
 * timing are the same either way (lib/auth/request-password-reset.ts).
 */
export const passwordResetEmailJob = defineJob({
  name: 'auth-password-reset-email',
  data: z.object({ email: z.string().min(1) }),
  async handle({ email }, job) {
    const user = await db.user.findFirst({ where: { email, deletedAt: null }, select: { id: true, name: true } });
    if (!user) return;
    const token = await issueEmailToken(db, { userId: user.id, purpose: 'RESET_PASSWORD', email });
    const unsubscribe = unsubscribeUrl(user.id, 'ALL');
    await sendEmail({
      key: `reset-password:${job.id}`,
      to: email,
      subject: 'Reset your Parley password',
      body: createElement(ResetPasswordEmail, { name: user.name, url: absoluteUrl(`/reset-password?token=${token}`), unsubscribeUrl: unsubscribe }),
      listUnsubscribeUrl: unsubscribe,
    });
  },
});
