import 'server-only';
import { createElement } from 'react';
import { z } from 'zod';
import { EmailChangedEmail } from '@/components/emails/email-changed-email';
import { db } from '@/lib/db';
import { sendEmail } from '@/lib/email/send-email';
import { formatUtc } from '@/lib/format-utc';
import { defineJob } from '@/lib/jobs/define-job';
import { unsubscribeUrl } from '@/lib/notifications/unsubscribe-token';
import { absoluteUrl } from '@/lib/site';

/** "ada@example.com" → "a•••@example.com": the owner recognises it; a stranger reading the old mailbox learns little. */
export function maskedAddress(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}

/**
 * Tells the address an account just left that it was changed (a security
 * notice: if someone else did it, the owner hears of it where they still read
 * mail). Enqueued in the transaction of the change (lib/auth/change-email.ts),
 * only when the old address was verified: an address the account never proved
 * may belong to someone who has nothing to do with it.
 */
export const emailChangedNoticeJob = defineJob({
  name: 'auth-email-changed-notice',
  data: z.object({ userId: z.uuid(), oldEmail: z.string().min(1), newEmail: z.string().min(1), changedAt: z.iso.datetime() }),
  async handle({ userId, oldEmail, newEmail, changedAt }, job) {
    const user = await db.user.findFirst({ where: { id: userId, deletedAt: null, bannedAt: null }, select: { name: true } });
    if (!user) return;
    const unsubscribe = unsubscribeUrl(userId, 'ALL');
    await sendEmail({
      key: `email-changed-notice:${job.id}`,
      to: oldEmail,
      subject: 'The email address of your Parley account was changed',
      body: createElement(EmailChangedEmail, {
        name: user.name,
        newAddress: maskedAddress(newEmail),
        changedAt: formatUtc(new Date(changedAt)),
        signInUrl: absoluteUrl('/signin'),
        unsubscribeUrl: unsubscribe,
      }),
      listUnsubscribeUrl: unsubscribe,
    });
  },
});
