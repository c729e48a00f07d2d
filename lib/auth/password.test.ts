import { describe, expect, test } from 'vitest';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from './password';
import { newPasswordSchema } from './schema';

describe('password hashing', () => {
  test('a password is stored as an Argon2id hash that verifies only the same password', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(hash).not.toContain('correct horse');
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery stapler')).toBe(false);
  });

  test('the same password hashes differently each time (salted)', async () => {
    expect(await hashPassword('same password here')).not.toBe(await hashPassword('same password here'));
  });

  test('a malformed stored hash is a failed verification, not a crash', async () => {
    expect(await verifyPassword('not-a-hash', 'anything at all')).toBe(false);
  });

  test('the decoy check for unknown emails always fails', async () => {
    expect(await verifyAgainstDecoy('decoy password that matches nothing')).toBe(false);
  });
});

describe('new password rules', () => {
  test('passwords of 8 to 128 characters that are not common are accepted', () => {
    expect(newPasswordSchema.safeParse('a quiet river at dusk').success).toBe(true);
    expect(newPasswordSchema.safeParse('x'.repeat(7) + 'Q').success).toBe(true);
    expect(newPasswordSchema.safeParse('Ab3$'.repeat(32)).success).toBe(true);
  });

  test('a password shorter than 8 characters is refused with the minimum', () => {
    const result = newPasswordSchema.safeParse('Sh0rt!');
    expect(result.error?.issues[0]?.message).toBe('Use at least 8 characters.');
  });

  test('a password longer than 128 characters is refused with the maximum', () => {
    const result = newPasswordSchema.safeParse('a'.repeat(129));
    expect(result.error?.issues[0]?.message).toBe('Use at most 128 characters.');
  });

  test.each(['password', 'Password1', '12345678', 'iloveyou', 'qwertyuiop'])('the common password %s is refused', (password) => {
    const result = newPasswordSchema.safeParse(password);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/most commonly used/);
  });
});
