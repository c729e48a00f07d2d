import type { Adapter, AdapterAccount, AdapterUser } from 'next-auth/adapters';
import { db } from '@/lib/db';
import { DISPLAY_NAME_MAX } from './schema';

// next-auth's adapter for the OAuth/OIDC flows, over the project's one Prisma
// client. Written here rather than taken from @next-auth/prisma-adapter so that
// emails are lower-cased on the way in (uniqueness is case-insensitive), display
// names fit our limits, deleted accounts stay unreachable, and the session
// version reaches the JWT callback.

const userSelect = { id: true, name: true, email: true, emailVerified: true, image: true, sessionVersion: true } as const;

export type ParleyAdapterUser = AdapterUser & { sessionVersion: number };

function displayNameFrom(name: string | null | undefined, email: string): string {
  const candidate = (name ?? '').replace(/\s+/g, ' ').trim() || email.split('@')[0] || 'Reader';
  return candidate.slice(0, DISPLAY_NAME_MAX);
}

export function prismaAuthAdapter(): Adapter {
  return {
    async createUser(user: Omit<AdapterUser, 'id'>) {
      return db.user.create({
        data: {
          email: user.email.toLowerCase(),
          name: displayNameFrom(user.name, user.email),
          emailVerified: user.emailVerified,
          image: null,
        },
        select: userSelect,
      });
    },
    async getUser(id) {
      return db.user.findFirst({ where: { id, deletedAt: null }, select: userSelect });
    },
    async getUserByEmail(email) {
      return db.user.findFirst({ where: { email: email.toLowerCase(), deletedAt: null }, select: userSelect });
    },
    async getUserByAccount({ provider, providerAccountId }) {
      const account = await db.account.findUnique({
        where: { provider_providerAccountId: { provider, providerAccountId } },
        select: { user: { select: { ...userSelect, deletedAt: true } } },
      });
      if (!account || account.user.deletedAt) return null;
      const { deletedAt: _deleted, ...user } = account.user;
      return user;
    },
    async updateUser({ id, emailVerified }) {
      return db.user.update({ where: { id }, data: { ...(emailVerified !== undefined && { emailVerified }) }, select: userSelect });
    },
    async linkAccount(account: AdapterAccount) {
      await db.account.create({
        data: {
          userId: account.userId,
          type: account.type,
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          // Tokens are not needed after sign-in: Parley calls no provider API, so none are kept.
        },
      });
    },
    async unlinkAccount({ provider, providerAccountId }: Pick<AdapterAccount, 'provider' | 'providerAccountId'>) {
      await db.account.delete({ where: { provider_providerAccountId: { provider, providerAccountId } } });
    },
  };
}
