import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { db } from '@/lib/db';
import type { Role } from '@/lib/generated/prisma/client';
import { hashPassword, verifyPassword } from './password';

export type DemoAccount = { role: Role; name: string; email: string; password: string };

const demoUsers: Omit<DemoAccount, 'password'>[] = [
  { role: 'READER', name: 'Demo Reader', email: 'reader@demo.parley.invalid' },
  { role: 'MODERATOR', name: 'Demo Moderator', email: 'moderator@demo.parley.invalid' },
  { role: 'ADMIN', name: 'Demo Admin', email: 'admin@demo.parley.invalid' },
];

/**
 * Demo accounts for trying every role on a local copy. Only the embedded
 * development database gets them (scripts/support/serve.ts); their passwords
 * are generated once and kept in the git-ignored data folder.
 */
export async function seedDemoAccounts(dataDir: string): Promise<DemoAccount[]> {
  const file = path.join(dataDir, 'demo-accounts.json');
  const stored: Record<string, string> = await readFile(file, 'utf8').then(
    (text) => JSON.parse(text) as Record<string, string>,
    () => ({}),
  );
  const accounts = demoUsers.map((user) => ({ ...user, password: stored[user.email] ?? `demo-${randomBytes(9).toString('base64url')}` }));
  for (const account of accounts) {
    const existing = await db.user.findUnique({ where: { email: account.email }, select: { passwordHash: true } });
    const current = existing?.passwordHash ? await verifyPassword(existing.passwordHash, account.password) : false;
    await db.user.upsert({
      where: { email: account.email },
      create: { email: account.email, name: account.name, role: account.role, isDemo: true, passwordHash: await hashPassword(account.password) },
      update: { role: account.role, isDemo: true, deletedAt: null, ...(!current && { passwordHash: await hashPassword(account.password) }) },
    });
  }
  await writeFile(file, JSON.stringify(Object.fromEntries(accounts.map((a) => [a.email, a.password])), null, 2), { mode: 0o600 });
  return accounts;
}
