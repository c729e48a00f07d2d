import { Link, Text } from '@react-email/components';
import { AccountEmailFooter } from './account-email-footer';
import { EmailLayout } from './email-layout';

export type EmailChangedEmailProps = {
  name: string;
  /** The new address, partly hidden ("a•••@example.com"): enough to recognise, not to hand out. */
  newAddress: string;
  /** When, in words ("26 November 2026, 14:05 UTC"). */
  changedAt: string;
  signInUrl: string;
  unsubscribeUrl: string;
};

/**
 * The security notice to the address an account just left
 * (lib/auth/email-changed-notice-job.ts). It carries no link that undoes the
 * change: whoever changed it may read this address too. It says how the owner
 * gets the account back instead.
 */
export function EmailChangedEmail({ name, newAddress, changedAt, signInUrl, unsubscribeUrl }: EmailChangedEmailProps) {
  return (
    <EmailLayout
      preview="The email address of your Parley account was changed"
      heading="Your account’s email address was changed"
      footer={
        <AccountEmailFooter
          reason="You get this notice because this address belonged to the account until the change; no other email about it will come here."
          unsubscribeUrl={unsubscribeUrl}
        />
      }
    >
      <Text>Hello {name},</Text>
      <Text>
        On {changedAt}, the email address of your Parley account was changed from this address to {newAddress}. From now on, Parley writes to the new address.
      </Text>
      <Text>If you made this change, there is nothing to do.</Text>
      <Text>
        If you did not, someone else may be signed in to your account or know your password. Sign in at <Link href={signInUrl}>{signInUrl}</Link> with your password
        (or the provider you use) while it still works; on your account page, put your address back, choose a new password (saving it signs out every other session)
        and sign out everywhere. “Forgot password” cannot help you here: its link now goes to the new address. If you cannot sign in any more, contact the people who
        run the site, with your account’s name and the time above.
      </Text>
    </EmailLayout>
  );
}
