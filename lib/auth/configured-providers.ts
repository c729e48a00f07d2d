// Which sign-in providers this deployment offers, from its settings alone.
// Imports nothing at run time: Parley's HTTP server (server/) reads it too,
// for the Content-Security-Policy's form-action, outside Next.js.
import type { Env } from '../env';

type ProviderSettings = Pick<
  Env,
  'GITHUB_ID' | 'GITHUB_SECRET' | 'GOOGLE_CLIENT_ID' | 'GOOGLE_CLIENT_SECRET' | 'OIDC_ISSUER' | 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET'
>;

export type ConfiguredProvider =
  | { id: 'github'; clientId: string; clientSecret: string }
  | { id: 'google'; clientId: string; clientSecret: string }
  | { id: 'oidc'; issuer: string; clientId: string; clientSecret: string };

/** The providers whose settings are all present, with those settings. */
export function configuredProviderSettings(settings: ProviderSettings): ConfiguredProvider[] {
  const providers: ConfiguredProvider[] = [];
  if (settings.GITHUB_ID && settings.GITHUB_SECRET) providers.push({ id: 'github', clientId: settings.GITHUB_ID, clientSecret: settings.GITHUB_SECRET });
  if (settings.GOOGLE_CLIENT_ID && settings.GOOGLE_CLIENT_SECRET) {
    providers.push({ id: 'google', clientId: settings.GOOGLE_CLIENT_ID, clientSecret: settings.GOOGLE_CLIENT_SECRET });
  }
  if (settings.OIDC_ISSUER && settings.OIDC_CLIENT_ID && settings.OIDC_CLIENT_SECRET) {
    providers.push({ id: 'oidc', issuer: settings.OIDC_ISSUER, clientId: settings.OIDC_CLIENT_ID, clientSecret: settings.OIDC_CLIENT_SECRET });
  }
  return providers;
}

/**
 * The origins a sign-in leaves Parley for: each configured provider's
 * authorization page (next-auth answers a provider sign-in with a redirect
 * there). For OpenID Connect that is taken to be the issuer's origin; a
 * provider whose authorization endpoint lives on another origin needs it here.
 */
export function signInProviderOrigins(settings: ProviderSettings): string[] {
  return configuredProviderSettings(settings).map((provider) => {
    if (provider.id === 'github') return 'https://github.com';
    if (provider.id === 'google') return 'https://accounts.google.com';
    return new URL(provider.issuer).origin;
  });
}
