import { encode } from 'next-auth/jwt';
import { afterAll, describe, expect, test } from 'vitest';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { resolveSessionUser } from './current-user';
import { createTestUser } from './test-users';

afterAll(() => db.$disconnect());

const claimsOf = (user: { id: string; sessionVersion: number }) => ({ sub: user.id, sv: user.sessionVersion });

describe('session revocation through the session version', () => {
  test('a session whose version matches the user resolves to that user', async () => {
    const user = await createTestUser();
    const resolved = await resolveSessionUser(claimsOf(user));
    expect(resolved?.id).toBe(user.id);
    expect(resolved).not.toHaveProperty('passwordHash');
  });

  test('signing out everywhere (a version bump) ends an existing session on its next request', async () => {
    const user = await createTestUser();
    const oldClaims = claimsOf(user);
    await db.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
    expect(await resolveSessionUser(oldClaims)).toBeNull();
    expect(await resolveSessionUser({ sub: user.id, sv: user.sessionVersion + 1 })).not.toBeNull();
  });

  test('a deleted account has no session', async () => {
    const user = await createTestUser({ deletedAt: new Date() });
    expect(await resolveSessionUser(claimsOf(user))).toBeNull();
  });

  test('a session for a user id that does not exist resolves to nobody', async () => {
    expect(await resolveSessionUser({ sub: '00000000-0000-4000-8000-000000000000', sv: 0 })).toBeNull();
  });

  test('suspended and banned users still have a session (they may sign in and read)', async () => {
    const suspended = await createTestUser({ suspendedUntil: new Date(Date.now() + 3_600_000), statusReason: 'Spam' });
    const banned = await createTestUser({ bannedAt: new Date() });
    expect((await resolveSessionUser(claimsOf(suspended)))?.id).toBe(suspended.id);
    expect((await resolveSessionUser(claimsOf(banned)))?.id).toBe(banned.id);
  });

  test('the session token carries only the user id and version, encrypted', async () => {
    const user = await createTestUser({ password: 'a long enough passphrase' });
    const token = await encode({ token: claimsOf(user), secret: env.NEXTAUTH_SECRET });
    expect(token).not.toContain(user.id);
    expect(token).not.toContain(user.email);
    expect(token.split('.')).toHaveLength(5); // JWE compact serialization
  });
});
