'use client';

import { signIn } from 'next-auth/react';

export type ProviderSignInButtonsProps = {
  providers: { id: string; name: string }[];
  callbackUrl: string;
};

/** next-auth starts provider sign-in with a CSRF-protected POST, which its client library makes. */
export function ProviderSignInButtons({ providers, callbackUrl }: ProviderSignInButtonsProps) {
  if (providers.length === 0) return null;
  return (
    <div className="providers">
      <p className="providers__title">Or continue with</p>
      <ul className="providers__list">
        {providers.map((provider) => (
          <li key={provider.id}>
            <button type="button" className="button button--secondary" onClick={() => void signIn(provider.id, { callbackUrl })}>
              Continue with {provider.name}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
