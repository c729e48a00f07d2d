// Fixtures for integration tests: real rows through the real client.
import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { hashPassword } from './password';

export async function createTestUser(overrides: Partial<Prisma.UserCreateInput> & { password?: string } = {}) {
  const { password, ...data } = overrides;
  return db.user.create({
    data: {
      name: 'Test Reader',
      email: `reader-${randomUUID()}@example.test`,
      ...(password && { passwordHash: await hashPassword(password) }),
      ...data,
    },
  });
}
