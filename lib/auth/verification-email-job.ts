import 'server-only';
import { createElement } from 'react';
import { z } from 'zod';
import { VerifyEmailEmail } from '@/components/emails/verify-email-email';
import { db } from '@/lib/db';
import { sendEmail } from '@/lib/email/send-email';
import { defineJob } from '@/lib/jobs/define-job';
import { unsubscribeUrl } from '@/lib/notifications/unsubscribe-token';
import { absoluteUrl } from '@/lib/site';
import { issueEmailToken } from './email-tokens';

/**
 * Sends the link that verifies an address. Enqueued in the transaction that
 * gives an account its address (sign-up, email change) or by "Resend". The
 * token is made here, in the worker, so the raw token exists only in the email.
 */
export const verificationEmailJob = defineJob({
  name: 'auth-verification-email',
  data: z.object({ userId: z.uuid(), email: z.string().min(1) }),
  async handle({ userId, email }, job) {
    const user = await db.user.findFirst({ where: { id: userId, email, deletedAt: null, emailVerified: null }, select: { name: true } });
    // Verified meanwhile, moved to another address, or deleted: nothing left to prove.
    if (!user) return;
    const token = await issueEmailToken(db, { userId, purpose: 'VERIFY_EMAIL', email });
    // Also for an address someone else gave: its owner can stop the account writing to them.
    const unsubscribe = unsubscribeUrl(userId, 'ALL');
    await sendEmail({
      key: `verify-email:${job.id}`,
      to: email,
      subject: 'Confirm your email address',
      body: createElement(VerifyEmailEmail, { name: user.name, url: absoluteUrl(`/verify-email?token=${token}`), unsubscribeUrl: unsubscribe }),
      listUnsubscribeUrl: unsubscribe,
    });
  },
});
