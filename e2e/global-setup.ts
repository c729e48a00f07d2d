// Runs once before the tests: starts the OpenID provider the "Continue with
// Parley Test ID" button talks to; the returned function stops it afterwards.
import type { FullConfig } from '@playwright/test';
import { startTestIdentityProvider } from './oidc-provider';

export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0]?.use.baseURL;
  if (!baseURL) throw new Error('playwright.config.ts sets no baseURL for the OpenID provider to redirect back to.');
  return startTestIdentityProvider(new URL(baseURL).origin);
}
