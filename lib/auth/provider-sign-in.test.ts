import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import { db } from '@/lib/db';
import { resolveSessionUser } from './current-user';
import { admitProviderSignIn, type ProviderSignInAttempt } from './provider-sign-in';
import { signInSchema, signUpSchema } from './schema';
import { openSession } from './session-records';
import { verifyCredentials } from './sign-in-with-password';
import { createPasswordAccount } from './sign-up';
import { createTestUser } from './test-users';

afterAll(() => db.$disconnect());

const ip = () => `test-${randomUUID()}`;
const PASSWORD = 'a long enough passphrase';
const viaProvider = (email: string, over: Partial<ProviderSignInAttempt> = {}): ProviderSignInAttempt => ({
  provider: 'oidc',
  providerAccountId: randomUUID(),
  email,
  emailVerifiedByProvider: true,
  ...over,
});
const passwordSignIn = (email: string, password = PASSWORD) => verifyCredentials(signInSchema.parse({ email, password }), ip());

describe('signing in through a provider with an address an account already has', () => {
  test('the pre-registration attack fails: the verified owner takes the account over, the attacker’s password and sessions stop working', async () => {
    const victim = `victim-${randomUUID()}@example.test`;
    // The attacker signs up first with the victim's address and stays signed in.
    const attacker = await createPasswordAccount(signUpSchema.parse({ name: 'Not The Owner', email: victim, password: PASSWORD }), ip());
    const attackerSession = await openSession(attacker);
    await db.account.create({ data: { userId: attacker.id, type: 'oauth', provider: 'github', providerAccountId: `attacker-${randomUUID()}` } });
    expect(await resolveSessionUser(attackerSession)).not.toBeNull();

    await expect(admitProviderSignIn(viaProvider(victim.toUpperCase()), 'victim-ip')).resolves.toBe(true);

    const taken = await db.user.findUniqueOrThrow({ where: { id: attacker.id }, include: { accounts: true } });
    expect(taken.passwordHash).toBeNull();
    expect(taken.emailVerified).toBeInstanceOf(Date);
    expect(taken.accounts, 'links the owner never made are gone').toEqual([]);
    expect(taken.sessionVersion).toBe(attacker.sessionVersion + 1);
    expect(await resolveSessionUser(attackerSession)).toBeNull();
    await expect(passwordSignIn(victim)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const event = await db.authEvent.findFirstOrThrow({ where: { userId: attacker.id, type: 'ACCOUNT_TAKEN_OVER' } });
    expect(event).toMatchObject({ ip: 'victim-ip', detail: { provider: 'oidc', passwordRemoved: true, providersUnlinked: ['github'] } });
  });

  test('a verified account is joined as before: its password and sessions stay', async () => {
    const owner = await createTestUser({ password: PASSWORD, emailVerified: new Date() });
    const session = await openSession(owner);
    await expect(admitProviderSignIn(viaProvider(owner.email), null)).resolves.toBe(true);
    const after = await db.user.findUniqueOrThrow({ where: { id: owner.id } });
    expect(after.passwordHash).toBe(owner.passwordHash);
    expect(after.sessionVersion).toBe(owner.sessionVersion);
    expect(await resolveSessionUser(session)).not.toBeNull();
    expect(await db.authEvent.count({ where: { userId: owner.id, type: 'ACCOUNT_TAKEN_OVER' } })).toBe(0);
  });

  test('a provider that does not vouch for the address is refused with today’s message, for a verified account and an unverified one alike', async () => {
    const verified = await createTestUser({ password: PASSWORD, emailVerified: new Date() });
    const unverified = await createTestUser({ password: PASSWORD });
    for (const user of [verified, unverified]) {
      const session = await openSession(user);
      await expect(admitProviderSignIn(viaProvider(user.email, { provider: 'github', emailVerifiedByProvider: false }), null)).resolves.toBe(
        '/signin?error=AccountExists',
      );
      const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(after).toMatchObject({ passwordHash: user.passwordHash, emailVerified: user.emailVerified, sessionVersion: user.sessionVersion });
      expect(await resolveSessionUser(session)).not.toBeNull();
      expect(await db.authEvent.count({ where: { userId: user.id, type: 'SIGN_IN_FAILED' } })).toBe(1);
    }
    await expect(passwordSignIn(unverified.email)).resolves.toMatchObject({ id: unverified.id });
  });

  test('a new address makes a new account; an already linked provider account signs in, unless its account is deleted; no address is refused', async () => {
    await expect(admitProviderSignIn(viaProvider(`fresh-${randomUUID()}@example.test`), null)).resolves.toBe(true);

    const linked = await createTestUser();
    const providerAccountId = randomUUID();
    await db.account.create({ data: { userId: linked.id, type: 'oauth', provider: 'oidc', providerAccountId } });
    await expect(admitProviderSignIn(viaProvider(linked.email, { providerAccountId, emailVerifiedByProvider: false }), null)).resolves.toBe(true);
    await db.user.update({ where: { id: linked.id }, data: { deletedAt: new Date() } });
    await expect(admitProviderSignIn(viaProvider(linked.email, { providerAccountId }), null)).resolves.toBe(false);

    await expect(admitProviderSignIn(viaProvider(''), null)).resolves.toBe('/signin?error=EmailRequired');
  });
});
