// Which providers a deployment offers, and where their sign-ins go (the CSP's form-action).
import { describe, expect, it } from 'vitest';
import { configuredProviderSettings, signInProviderOrigins } from './configured-providers';

const none = {
  GITHUB_ID: undefined,
  GITHUB_SECRET: undefined,
  GOOGLE_CLIENT_ID: undefined,
  GOOGLE_CLIENT_SECRET: undefined,
  OIDC_ISSUER: undefined,
  OIDC_CLIENT_ID: undefined,
  OIDC_CLIENT_SECRET: undefined,
};

describe('configured sign-in providers', () => {
  it('offers a provider only when all of its settings are present', () => {
    expect(configuredProviderSettings(none)).toEqual([]);
    expect(configuredProviderSettings({ ...none, GITHUB_ID: 'id' })).toEqual([]);
    expect(configuredProviderSettings({ ...none, OIDC_ISSUER: 'https://id.example.com', OIDC_CLIENT_ID: 'id' })).toEqual([]);
    expect(configuredProviderSettings({ ...none, GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 'secret' })).toEqual([
      { id: 'google', clientId: 'id', clientSecret: 'secret' },
    ]);
  });

  it("gives the origins of the configured providers' sign-in pages, and no others", () => {
    expect(signInProviderOrigins(none)).toEqual([]);
    expect(
      signInProviderOrigins({
        GITHUB_ID: 'id',
        GITHUB_SECRET: 'secret',
        GOOGLE_CLIENT_ID: 'id',
        GOOGLE_CLIENT_SECRET: 'secret',
        OIDC_ISSUER: 'https://id.example.com:8443/realms/parley/',
        OIDC_CLIENT_ID: 'id',
        OIDC_CLIENT_SECRET: 'secret',
      }),
    ).toEqual(['https://github.com', 'https://accounts.google.com', 'https://id.example.com:8443']);
  });
});
