// A real OpenID Connect provider for the end-to-end tests (panva's
// oidc-provider, the certified implementation), so "Continue with …" is tested
// through the whole authorization-code + PKCE round trip, ID token signature
// and all, instead of against a mock. Started once by e2e/global-setup.ts;
// playwright.config.ts hands the same settings to the Next.js server.
import { once } from 'node:events';

const e2ePort = Number(process.env.PARLEY_E2E_PORT ?? 3100);

export const testIdentityProvider = {
  // Next to the app's port, so two suites on different ports do not collide.
  port: Number(process.env.PARLEY_E2E_OIDC_PORT ?? e2ePort + 9),
  clientId: 'parley-e2e',
  clientSecret: 'parley-e2e-client-secret-not-used-outside-tests',
  name: 'Parley Test ID',
  get issuer() {
    return `http://localhost:${this.port}`;
  },
};

/**
 * The login is the account: whoever signs in as "someone@example.test" gets an
 * ID token for that address, marked verified, with the local part as the name.
 * The built-in development login and consent pages (`devInteractions`) accept
 * any password.
 */
function accountFor(login: string) {
  const email = login.trim().toLowerCase();
  return {
    accountId: email,
    claims: () => Promise.resolve({ sub: email, email, email_verified: true, name: email.split('@')[0] ?? email }),
  };
}

/** Starts the provider; resolves with a function that stops it. */
export async function startTestIdentityProvider(appOrigin: string): Promise<() => Promise<void>> {
  const { default: Provider } = await import('oidc-provider');
  const provider = new Provider(testIdentityProvider.issuer, {
    clients: [
      {
        client_id: testIdentityProvider.clientId,
        client_secret: testIdentityProvider.clientSecret,
        redirect_uris: [`${appOrigin}/api/auth/callback/oidc`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    findAccount: (_context, id) => Promise.resolve(accountFor(id)),
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // next-auth reads the profile from the ID token, not the userinfo endpoint.
    conformIdTokenClaims: false,
    cookies: { keys: ['parley-e2e-provider-cookie-key'] },
    features: { devInteractions: { enabled: true } },
  });
  const server = provider.listen(testIdentityProvider.port);
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([error]) => {
      throw new Error(`The test OpenID provider could not listen on port ${testIdentityProvider.port}: ${String(error)}`);
    }),
  ]);
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}
