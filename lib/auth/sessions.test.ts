import { encode } from 'next-auth/jwt';
import { afterAll, describe, expect, test } from 'vitest';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { resolveSessionUser } from './current-user';
import { decodeSessionToken, encodeSessionToken } from './session-cookie';
import { closeSession, endEverySession, openSession } from './session-records';
import { createTestUser } from './test-users';

afterAll(() => db.$disconnect());

describe('sessions', () => {
  test('a session whose row exists and whose version matches resolves to its user', async () => {
    const user = await createTestUser();
    const resolved = await resolveSessionUser(await openSession(user));
    expect(resolved?.id).toBe(user.id);
    expect(resolved).not.toHaveProperty('passwordHash');
  });

  test('signing out ends that session at once, wherever its token is, and no other', async () => {
    const user = await createTestUser();
    const signedOut = await openSession(user);
    const elsewhere = await openSession(user);
    // A copy of the cookie, as someone could have taken it before the sign-out.
    const copiedToken = await encodeSessionToken(signedOut);

    await closeSession(signedOut.sid);

    const claims = await decodeSessionToken(copiedToken);
    expect(claims, 'the token itself is still well-formed and unexpired').toEqual(signedOut);
    expect(await resolveSessionUser(claims!)).toBeNull();
    expect((await resolveSessionUser(elsewhere))?.id).toBe(user.id);
    expect(await db.session.count({ where: { id: signedOut.sid } })).toBe(0);
  });

  test('ending every session (sign out everywhere, password change, ban) ends them all, even one opened from a version read before', async () => {
    const user = await createTestUser();
    const first = await openSession(user);
    const second = await openSession(user);
    const updated = await db.$transaction((tx) => endEverySession(tx, user.id));
    expect(updated.sessionVersion).toBe(user.sessionVersion + 1);
    // A sign-in that read the old version and opens its row only now.
    const racing = await openSession(user);

    for (const claims of [first, second, racing]) expect(await resolveSessionUser(claims)).toBeNull();
    expect((await resolveSessionUser(await openSession(updated)))?.id).toBe(user.id);
  });

  test("a token naming another user's session, or an expired session, resolves to nobody; a sign-in sweeps expired rows", async () => {
    const [owner, other] = await Promise.all([createTestUser(), createTestUser()]);
    const session = await openSession(owner);
    expect(await resolveSessionUser({ ...session, sub: other.id, sv: other.sessionVersion })).toBeNull();

    await db.session.update({ where: { id: session.sid }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await resolveSessionUser(session)).toBeNull();
    await openSession(other);
    expect(await db.session.count({ where: { id: session.sid } })).toBe(0);
  });

  test('a deleted account has no session', async () => {
    const user = await createTestUser({ deletedAt: new Date() });
    expect(await resolveSessionUser(await openSession(user))).toBeNull();
  });

  test('a session for a user id that does not exist resolves to nobody', async () => {
    const user = await createTestUser();
    const session = await openSession(user);
    expect(await resolveSessionUser({ ...session, sub: '00000000-0000-4000-8000-000000000000' })).toBeNull();
  });

  test('suspended and banned users have a session when they sign in (they may read)', async () => {
    const suspended = await createTestUser({ suspendedUntil: new Date(Date.now() + 3_600_000), statusReason: 'Spam' });
    const banned = await createTestUser({ bannedAt: new Date() });
    expect((await resolveSessionUser(await openSession(suspended)))?.id).toBe(suspended.id);
    expect((await resolveSessionUser(await openSession(banned)))?.id).toBe(banned.id);
  });

  test('the session token carries only the user id, version and session id, encrypted', async () => {
    const user = await createTestUser({ password: 'a long enough passphrase' });
    const claims = await openSession(user);
    const token = await encodeSessionToken(claims);
    expect(token).not.toContain(user.id);
    expect(token).not.toContain(claims.sid);
    expect(token).not.toContain(user.email);
    expect(token.split('.')).toHaveLength(5); // JWE compact serialization
    expect(await decodeSessionToken(token)).toEqual(claims);
  });

  test('a token without a session id (minted before sessions had rows) is not a session', async () => {
    const user = await createTestUser();
    const token = await encode({ token: { sub: user.id, sv: user.sessionVersion }, secret: env.NEXTAUTH_SECRET });
    expect(await decodeSessionToken(token)).toBeNull();
  });
});
