// The footer of the account emails (verification, password reset, the notice
// of an email change): why this address got it, and the link that turns off
// every notification email of the account. Those emails notify nothing of
// their own, so "unsubscribe" means the account's notification emails; for a
// verification email someone else triggered with your address, that is what
// stops the account writing to you.
import { Link, Text } from '@react-email/components';

export type AccountEmailFooterProps = {
  /** Why this email came to this address. */
  reason: string;
  /** The one-click link of the account's ALL token (lib/notifications/unsubscribe-token.ts), also in List-Unsubscribe. */
  unsubscribeUrl: string;
};

const small = { fontSize: '12px', lineHeight: '1.5', color: '#6b6b6b' };

export function AccountEmailFooter({ reason, unsubscribeUrl }: AccountEmailFooterProps) {
  return (
    <Text style={small}>
      {reason} <Link href={unsubscribeUrl}>Stop all notification emails from this account</Link>
    </Text>
  );
}
