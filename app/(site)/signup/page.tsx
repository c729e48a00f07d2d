import Link from 'next/link';
import { redirect } from 'next/navigation';
import { ProviderSignInButtons } from '@/components/auth/provider-sign-in-buttons';
import { ActionForm } from '@/components/ui/action-form';
import { getCurrentUser } from '@/lib/auth/current-user';
import { signInProviderButtons } from '@/lib/auth/oauth-providers';
import { callbackUrlSchema, DISPLAY_NAME_MAX, PASSWORD_MAX, PASSWORD_MIN } from '@/lib/auth/schema';
import { signUpAction } from './actions';

export const metadata = { title: 'Create an account', robots: { index: false } };

type SignUpPageProps = { searchParams: Promise<{ callbackUrl?: string }> };

export default async function SignUpPage({ searchParams }: SignUpPageProps) {
  const callbackUrl = callbackUrlSchema.parse((await searchParams).callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);

  return (
    <div className="auth-page">
      <h1>Create an account</h1>
      <p>Your display name appears next to your comments. Your email is never shown.</p>
      <ActionForm
        action={signUpAction}
        submitLabel="Create account"
        pendingLabel="Creating account…"
        fields={[
          { name: 'name', label: 'Display name', autoComplete: 'nickname', required: true, maxLength: DISPLAY_NAME_MAX },
          { name: 'email', label: 'Email', type: 'email', autoComplete: 'email', required: true },
          {
            name: 'password',
            label: 'Password',
            type: 'password',
            autoComplete: 'new-password',
            required: true,
            minLength: PASSWORD_MIN,
            hint: `${PASSWORD_MIN} to ${PASSWORD_MAX} characters. A passphrase of a few words is easy to remember and hard to guess.`,
          },
          { name: 'callbackUrl', label: '', type: 'hidden', defaultValue: callbackUrl },
        ]}
      />
      <ProviderSignInButtons providers={signInProviderButtons()} callbackUrl={callbackUrl} />
      <p>
        Already have an account? <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign in</Link>
      </p>
    </div>
  );
}
