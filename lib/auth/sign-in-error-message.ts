// next-auth sends provider sign-in failures back to /signin?error=<code>.
const messages: Record<string, string> = {
  AccountExists:
    'An account with this email already exists. Sign in with your email and password; a provider can only join an account whose address a provider has verified.',
  OAuthAccountNotLinked: 'An account with this email already exists. Sign in with your email and password instead.',
  EmailRequired: 'The provider did not share an email address, which Parley needs for your account.',
  AccessDenied: 'Sign-in was refused.',
  OAuthSignin: 'Could not start signing in with that provider. Try again.',
  OAuthCallback: 'The provider’s answer could not be checked. Try again.',
  Callback: 'Signing in with that provider failed. Try again.',
  SessionRequired: 'Sign in to see that page.',
};

export function signInErrorMessage(code: string | undefined): string | null {
  if (!code) return null;
  return messages[code] ?? 'Signing in failed. Try again.';
}
