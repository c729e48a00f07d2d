import { Button, Text } from '@react-email/components';
import { AccountEmailFooter } from './account-email-footer';
import { EmailLayout } from './email-layout';

export type VerifyEmailEmailProps = { name: string; url: string; unsubscribeUrl: string };

/** The link that proves a reader owns the address they gave (lib/auth/verification-email-job.ts). */
export function VerifyEmailEmail({ name, url, unsubscribeUrl }: VerifyEmailEmailProps) {
  return (
    <EmailLayout
      preview="Confirm your email address for Parley"
      heading="Confirm your email address"
      footer={<AccountEmailFooter reason="You get this email because this address was given for a Parley account." unsubscribeUrl={unsubscribeUrl} />}
    >
      <Text>Hello {name},</Text>
      <Text>Open this link to confirm that this address is yours. It works once, for 24 hours.</Text>
      <Button href={url}>Confirm my email address</Button>
      <Text>Or copy this link into your browser: {url}</Text>
      <Text>If you did not create an account or change your address on Parley, ignore this email.</Text>
    </EmailLayout>
  );
}
