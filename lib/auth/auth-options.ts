import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { logFor } from '@/lib/log';
import { getClientIp } from '@/lib/request-ip';
import { requestIsHttps } from '@/lib/request-protocol';
import { sameSitePath } from '@/lib/site-path';
import { configuredProviders, providerVerifiedEmail } from './oauth-providers';
import { prismaAuthAdapter, type ParleyAdapterUser } from './prisma-auth-adapter';
import { admitProviderSignIn } from './provider-sign-in';
import { recordAuthEvent } from './record-auth-event';
import { SESSION_MAX_AGE_SECONDS, sessionClaimsOf } from './session-claims';
import { closeSession, openSession } from './session-records';

/**
 * next-auth handles the OAuth/OIDC round trips (app/api/auth/[...nextauth]).
 * Email + password sign-in does not go through it: Parley's own server action
 * (lib/auth/sign-in-with-password.ts) mints the same JWT session, so rate limits
 * and error messages stay ours.
 *
 * Linking rule (lib/auth/provider-sign-in.ts): a provider sign-in whose email
 * matches an existing account is attached to it only when the provider says the
 * address is verified. If the existing account's address was itself verified
 * (a link sent to it was opened, or a provider vouched for it), it is simply
 * linked; if it never was, the provider's verified owner takes the account
 * over (the unproven password and its sessions end). A provider that does not
 * verify addresses cannot join an existing account at all.
 */
/** Without the per-request part (Secure cookies over HTTPS): next-auth gets authOptionsForThisRequest(). Exported for tests of its callbacks. */
export const authOptions = {
  secret: env.NEXTAUTH_SECRET,
  adapter: prismaAuthAdapter(),
  providers: configuredProviders(),
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/signin', error: '/signin' },
  callbacks: {
    // next-auth's default prefixes any "/..." with the base URL as written
    // (so "/\t/evil" reaches the browser raw) and throws on a value it cannot
    // parse; the site's one rule for redirect targets from input does neither.
    redirect({ url, baseUrl }) {
      return `${baseUrl}${sameSitePath(url, '/', { origin: baseUrl })}`;
    },
    async signIn({ user, account, profile }) {
      if (account?.type !== 'oauth') return false;
      return admitProviderSignIn(
        {
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          email: user.email,
          emailVerifiedByProvider: providerVerifiedEmail(account.provider, profile as Record<string, unknown>),
        },
        await getClientIp(),
      );
    },
    async jwt({ token, user, account, profile }) {
      if (user) {
        // Marked here, not in events.signIn: next-auth hands the event its
        // normalised profile, which has no email_verified; only the signIn and
        // jwt callbacks get the provider's own claims.
        if (account && providerVerifiedEmail(account.provider, profile as Record<string, unknown>)) {
          await db.user.updateMany({ where: { id: user.id, emailVerified: null }, data: { emailVerified: new Date() } });
        }
        // Only the user id, session version and session row go in the cookie;
        // everything else is read fresh from the database on each request
        // (lib/auth/current-user.ts), as for password sign-ins.
        const claims = await openSession({ id: user.id, sessionVersion: (user as ParleyAdapterUser).sessionVersion ?? 0 });
        return claims satisfies JWT;
      }
      return token;
    },
  },
  events: {
    // next-auth's own sign-out route (POST /api/auth/signout) ends the session as Parley's button does.
    async signOut({ token }) {
      const claims = sessionClaimsOf(token);
      if (claims) await closeSession(claims.sid);
    },
    async signIn({ user, account, isNewUser }) {
      const ip = await getClientIp();
      if (isNewUser) await recordAuthEvent({ type: 'SIGN_UP', userId: user.id, ip, detail: { method: account?.provider ?? 'oauth' } });
      await recordAuthEvent({ type: 'SIGN_IN', userId: user.id, ip, detail: { method: account?.provider ?? 'oauth' } });
    },
    async linkAccount({ user, account }) {
      await recordAuthEvent({ type: 'ACCOUNT_LINKED', userId: user.id, ip: await getClientIp(), detail: { provider: account.provider } });
    },
  },
  logger: {
    // next-auth's default logger prints whole error objects, which can carry
    // tokens from a failed provider exchange; log the code and message only.
    error(code, metadata) {
      const message = metadata instanceof Error ? metadata.message : (metadata as { message?: string })?.message;
      logFor('auth').error({ event: `next-auth.${code}`, message });
    },
    warn(code) {
      logFor('auth').warn({ event: `next-auth.${code}` });
    },
    debug() {},
  },
} satisfies NextAuthOptions;

/**
 * next-auth's options for this request. Its cookies (session, CSRF token,
 * callback URL, OAuth state, PKCE verifier, nonce) are Secure and prefixed
 * exactly when the request came over HTTPS, as Parley's own session cookie
 * (lib/auth/session-cookie.ts): next-auth v4 decides that from
 * `useSecureCookies`, which it otherwise derives once from NEXTAUTH_URL
 * (SITE_URL), so a proxy serving HTTPS for an http SITE_URL would get
 * cookies without Secure. The App Router handler takes its options per call
 * (app/api/auth/[...nextauth]/route.ts), so the decision is made per request.
 */
export async function authOptionsForThisRequest(): Promise<NextAuthOptions> {
  return { ...authOptions, useSecureCookies: await requestIsHttps() };
}
