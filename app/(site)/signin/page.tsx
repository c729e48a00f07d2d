import Link from 'next/link';
import { redirect } from 'next/navigation';
import { ProviderSignInButtons } from '@/components/auth/provider-sign-in-buttons';
import { ActionForm } from '@/components/ui/action-form';
import { getCurrentUser } from '@/lib/auth/current-user';
import { signInProviderButtons } from '@/lib/auth/oauth-providers';
import { callbackUrlSchema } from '@/lib/auth/schema';
import { signInErrorMessage } from '@/lib/auth/sign-in-error-message';
import { signInAction } from './actions';

export const metadata = { title: 'Sign in', robots: { index: false } };

type SignInPageProps = { searchParams: Promise<{ callbackUrl?: string; error?: string; notice?: string }> };

// Notices by name, not text from the address: a link cannot put its own words on this page.
const notices: Record<string, string> = {
  'password-reset': 'Your password is changed and every session of your account has ended. Sign in with your new password.',
};

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const params = await searchParams;
  const callbackUrl = callbackUrlSchema.parse(params.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  const providerError = signInErrorMessage(params.error);
  const notice = typeof params.notice === 'string' && Object.hasOwn(notices, params.notice) ? notices[params.notice] : undefined;

  return (
    <div className="auth-page">
      <h1>Sign in</h1>
      <p>Sign in to join the discussion under our articles.</p>
      {notice && (
        <p role="status" className="form-message form-message--ok">
          {notice}
        </p>
      )}
      {providerError && (
        <p role="alert" className="form-message form-message--error">
          {providerError}
        </p>
      )}
      <ActionForm
        action={signInAction}
        submitLabel="Sign in"
        pendingLabel="Signing in…"
        fields={[
          { name: 'email', label: 'Email', type: 'email', autoComplete: 'email', required: true },
          { name: 'password', label: 'Password', type: 'password', autoComplete: 'current-password', required: true },
          { name: 'callbackUrl', label: '', type: 'hidden', defaultValue: callbackUrl },
        ]}
      />
      <p>
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
      <ProviderSignInButtons providers={signInProviderButtons()} callbackUrl={callbackUrl} />
      <p>
        New here? <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Create an account</Link>
      </p>
    </div>
  );
}
