import { Button, Text } from '@react-email/components';
import { AccountEmailFooter } from './account-email-footer';
import { EmailLayout } from './email-layout';

export type ResetPasswordEmailProps = { name: string; url: string; unsubscribeUrl: string };

/** The link to choose a new password (lib/auth/password-reset-email-job.ts). */
export function ResetPasswordEmail({ name, url, unsubscribeUrl }: ResetPasswordEmailProps) {
  return (
    <EmailLayout
      preview="Choose a new password for Parley"
      heading="Choose a new password"
      footer={
        <AccountEmailFooter reason="You get this email because a new password was asked for the Parley account of this address." unsubscribeUrl={unsubscribeUrl} />
      }
    >
      <Text>Hello {name},</Text>
      <Text>Someone, hopefully you, asked to reset the password of your Parley account. This link works once, for one hour.</Text>
      <Button href={url}>Choose a new password</Button>
      <Text>Or copy this link into your browser: {url}</Text>
      <Text>If you did not ask for this, ignore this email: your password stays as it is.</Text>
    </EmailLayout>
  );
}
