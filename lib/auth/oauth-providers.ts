import type { Provider } from 'next-auth/providers/index';
import GitHubProvider from 'next-auth/providers/github';
import GoogleProvider from 'next-auth/providers/google';
import { configuredProviderSettings } from '@/lib/auth/configured-providers';
import { env } from '@/lib/env';

/**
 * Whether a provider vouches that the user controls the address. Only then may
 * a sign-in attach to an existing Parley account with that email (see
 * lib/auth/auth-options.ts). GitHub's profile carries no such claim.
 */
export function providerVerifiedEmail(providerId: string, profile: Record<string, unknown> | undefined): boolean {
  if (providerId === 'google' || providerId === 'oidc') return profile?.email_verified === true;
  return false;
}

type OidcProfile = { sub: string; name?: string; preferred_username?: string; email?: string };

/** Only the providers whose settings are present in the environment. */
export function configuredProviders(): Provider[] {
  return configuredProviderSettings(env).map((provider): Provider => {
    const { clientId, clientSecret } = provider;
    if (provider.id === 'github') return GitHubProvider({ clientId, clientSecret, allowDangerousEmailAccountLinking: true });
    if (provider.id === 'google') return GoogleProvider({ clientId, clientSecret, allowDangerousEmailAccountLinking: true });
    return {
      id: 'oidc',
      name: env.OIDC_NAME,
      type: 'oauth',
      wellKnown: `${provider.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
      authorization: { params: { scope: 'openid email profile' } },
      idToken: true,
      checks: ['pkce', 'state'],
      clientId,
      clientSecret,
      // "Dangerous" linking is switched on for every provider because the
      // signIn callback applies Parley's own, stricter rule first.
      allowDangerousEmailAccountLinking: true,
      profile(profile: OidcProfile) {
        return {
          id: profile.sub,
          name: profile.name ?? profile.preferred_username ?? profile.email ?? null,
          email: profile.email ?? null,
          image: null,
        };
      },
    };
  });
}

/** Names and ids for the sign-in page's buttons. */
export function signInProviderButtons(): { id: string; name: string }[] {
  return configuredProviders().map((provider) => ({ id: provider.id, name: provider.name }));
}
