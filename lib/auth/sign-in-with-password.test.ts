import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import { db } from '@/lib/db';
import { createPasswordAccount } from './sign-up';
import { verifyCredentials } from './sign-in-with-password';
import { signInSchema, signUpSchema } from './schema';
import { createTestUser } from './test-users';

afterAll(() => db.$disconnect());

const ip = () => `test-${randomUUID()}`;
const signIn = (email: string, password: string) => verifyCredentials(signInSchema.parse({ email, password }), ip());

describe('email and password accounts', () => {
  test('sign-up stores a lower-cased email and an Argon2id hash, never the password', async () => {
    const email = `Mixed.Case-${randomUUID()}@Example.TEST`;
    const user = await createPasswordAccount(signUpSchema.parse({ name: ' Ada  Lovelace ', email, password: 'analytical engine notes' }), ip());
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.email).toBe(email.toLowerCase());
    expect(stored.name).toBe('Ada Lovelace');
    expect(stored.role).toBe('READER');
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await db.authEvent.count({ where: { userId: user.id, type: 'SIGN_UP' } })).toBe(1);
  });

  test('the same email in other letter case cannot sign up twice', async () => {
    const email = `dup-${randomUUID()}@example.test`;
    await createPasswordAccount(signUpSchema.parse({ name: 'First', email, password: 'first account passphrase' }), ip());
    await expect(
      createPasswordAccount(signUpSchema.parse({ name: 'Second', email: email.toUpperCase(), password: 'second account passphrase' }), ip()),
    ).rejects.toMatchObject({ code: 'CONFLICT', details: { fieldErrors: { email: [expect.stringMatching(/already exists/)] } } });
  });

  test('signing in matches the email case-insensitively', async () => {
    const user = await createTestUser({ email: `case-${randomUUID()}@example.test`, password: 'a long enough passphrase' });
    await expect(signIn(user.email.toUpperCase(), 'a long enough passphrase')).resolves.toMatchObject({ id: user.id });
  });

  test('a wrong password and an unknown email get the same generic refusal, and the failure is logged', async () => {
    const user = await createTestUser({ password: 'a long enough passphrase' });
    const wrongPassword = await signIn(user.email, 'not the passphrase').catch((e: Error) => e);
    const unknownEmail = await signIn(`nobody-${randomUUID()}@example.test`, 'whatever it is').catch((e: Error) => e);
    expect(wrongPassword).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'That email and password do not match an account.' });
    expect(unknownEmail).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'That email and password do not match an account.' });
    const failure = await db.authEvent.findFirstOrThrow({ where: { userId: user.id, type: 'SIGN_IN_FAILED' } });
    expect(failure.ip).toMatch(/^test-/);
    expect(JSON.stringify(failure.detail)).not.toContain('not the passphrase');
  });

  test('a suspended user can still sign in (and read)', async () => {
    const user = await createTestUser({ password: 'a long enough passphrase', suspendedUntil: new Date(Date.now() + 3_600_000) });
    await expect(signIn(user.email, 'a long enough passphrase')).resolves.toMatchObject({ id: user.id });
  });

  test('a deleted account cannot sign in', async () => {
    const user = await createTestUser({ password: 'a long enough passphrase', deletedAt: new Date() });
    await expect(signIn(user.email, 'a long enough passphrase')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });
});
