import 'server-only';
import { db } from '@/lib/db';
import { recordAuthEvent } from './record-auth-event';
import { endEverySession } from './session-records';

export type ProviderSignInAttempt = {
  provider: string;
  providerAccountId: string;
  email: string | null | undefined;
  /** The provider vouched for the address (e.g. OIDC's email_verified claim). */
  emailVerifiedByProvider: boolean;
};

/** next-auth's signIn callback answer: go on, refuse, or send the browser to this path. */
export type ProviderSignInDecision = true | false | `/signin?error=${string}`;

/**
 * Who may sign in through a provider (next-auth's signIn callback).
 *
 * - A provider account already linked signs in to its account (not a deleted one).
 * - An address no account has makes a new account.
 * - An address an account has joins that account only when the provider
 *   verified it. If the account's own address was never verified (a password
 *   sign-up whose link was not opened, a provider that does not vouch for
 *   addresses), the provider's verified owner takes the account over: anyone
 *   can sign up with someone else's address, so an unproven password must not
 *   lock out, or outlive, the address's real owner (the pre-registration attack).
 * - Otherwise (a verified account, and a provider that did not verify) the
 *   sign-in is refused: the owner signs in as before.
 */
export async function admitProviderSignIn(attempt: ProviderSignInAttempt, ip: string | null): Promise<ProviderSignInDecision> {
  const email = attempt.email?.toLowerCase();
  if (!email) return '/signin?error=EmailRequired';
  const linked = await db.account.findUnique({
    where: { provider_providerAccountId: { provider: attempt.provider, providerAccountId: attempt.providerAccountId } },
    select: { user: { select: { deletedAt: true } } },
  });
  if (linked) return linked.user.deletedAt === null;
  const existing = await db.user.findUnique({ where: { email }, select: { id: true, emailVerified: true, deletedAt: true } });
  if (!existing) return true;
  if (!existing.deletedAt && attempt.emailVerifiedByProvider) {
    if (!existing.emailVerified) await takeOverUnverifiedAccount(existing.id, attempt.provider, ip);
    return true;
  }
  await recordAuthEvent({
    type: 'SIGN_IN_FAILED',
    userId: existing.id,
    ip,
    detail: { method: attempt.provider, reason: 'email belongs to an account the provider may not join' },
  });
  return '/signin?error=AccountExists';
}

/**
 * The verified owner of an address takes over the unverified account that
 * held it: its password and any provider links were never proven to be the
 * owner's, so they go, and so does every session they opened. next-auth then
 * links this provider to the account and signs its owner in.
 */
async function takeOverUnverifiedAccount(userId: string, provider: string, ip: string | null): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true, accounts: { select: { provider: true } } } });
    await tx.user.update({ where: { id: userId }, data: { passwordHash: null, emailVerified: new Date() } });
    await tx.account.deleteMany({ where: { userId } });
    await endEverySession(tx, userId);
    await recordAuthEvent(
      {
        type: 'ACCOUNT_TAKEN_OVER',
        userId,
        ip,
        detail: { provider, passwordRemoved: before.passwordHash !== null, providersUnlinked: before.accounts.map((account) => account.provider) },
      },
      tx,
    );
  });
}
