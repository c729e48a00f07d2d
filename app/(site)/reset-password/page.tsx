import Link from 'next/link';
import { ActionForm } from '@/components/ui/action-form';
import { checkEmailToken, emailTokenProblemMessage } from '@/lib/auth/email-tokens';
import { PASSWORD_MAX, PASSWORD_MIN } from '@/lib/auth/schema';
import { resetPasswordAction } from './actions';

// The token is in the address: keep it out of Referer headers of anything this page loads or links to.
export const metadata = { title: 'Choose a new password', robots: { index: false }, referrer: 'no-referrer' };

type ResetPasswordPageProps = { searchParams: Promise<{ token?: string | string[] }> };

/** Opening the link only checks it; the token is used up when the form is posted (lib/auth/reset-password.ts). */
export default async function ResetPasswordPage({ searchParams }: ResetPasswordPageProps) {
  const { token } = await searchParams;
  const check = await checkEmailToken(token, 'RESET_PASSWORD');
  return (
    <div className="auth-page">
      <h1>Choose a new password</h1>
      {check.ok && typeof token === 'string' ? (
        <>
          <p>Every browser signed in to your account is signed out when you save it.</p>
          <ActionForm
            action={resetPasswordAction}
            submitLabel="Save new password"
            pendingLabel="Saving…"
            fields={[
              { name: 'token', label: '', type: 'hidden', defaultValue: token },
              {
                name: 'newPassword',
                label: 'New password',
                type: 'password',
                autoComplete: 'new-password',
                required: true,
                minLength: PASSWORD_MIN,
                hint: `${PASSWORD_MIN} to ${PASSWORD_MAX} characters. A passphrase of a few words is easy to remember and hard to guess.`,
              },
              { name: 'confirmPassword', label: 'New password again', type: 'password', autoComplete: 'new-password', required: true },
            ]}
          />
        </>
      ) : (
        <>
          <p role="alert" className="form-message form-message--error">
            {emailTokenProblemMessage('RESET_PASSWORD', check.ok ? 'malformed' : check.problem)}
          </p>
          <p>
            <Link href="/forgot-password">Ask for a new link</Link>
          </p>
        </>
      )}
    </div>
  );
}
