import { describe, expect, it } from 'vitest';
import { signInRedirectFor } from './sign-in-redirect';

describe('pages that need an account', () => {
  it('send an anonymous visitor to sign in, and back to the page afterwards', () => {
    expect(signInRedirectFor('/moderation/settings', null)).toBe('/signin?callbackUrl=%2Fmoderation%2Fsettings');
    expect(signInRedirectFor('/account', 'theme=dark')).toBe('/signin?callbackUrl=%2Faccount');
  });

  it('let a request with a session through to the page, which checks it', () => {
    expect(signInRedirectFor('/admin', 'next-auth.session-token=abc')).toBeNull();
    expect(signInRedirectFor('/admin', '__Secure-next-auth.session-token=abc')).toBeNull();
  });
});
