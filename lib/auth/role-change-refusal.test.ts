import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import { db } from '@/lib/db';
import { roleChangeRefusal } from './set-user-role';

afterAll(() => db.$disconnect());

describe('what the admin page may change', () => {
  const adminId = randomUUID();

  test('a reader or moderator may be appointed or removed', () => {
    expect(roleChangeRefusal(adminId, { id: randomUUID(), role: 'READER' })).toBeNull();
    expect(roleChangeRefusal(adminId, { id: randomUUID(), role: 'MODERATOR' })).toBeNull();
  });

  test('an admin cannot change their own role from the page', () => {
    expect(roleChangeRefusal(adminId, { id: adminId, role: 'ADMIN' })).toBe('You cannot change your own role here.');
  });

  test('another admin is changed only with the command', () => {
    expect(roleChangeRefusal(adminId, { id: randomUUID(), role: 'ADMIN' })).toMatch(/npm run user:role/);
  });
});
