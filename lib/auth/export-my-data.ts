import 'server-only';
import { db } from '@/lib/db';
import { requireUser } from './authorization';

/**
 * Everything Parley holds about the signed-in user, as a JSON-ready object:
 * profile, linked sign-in providers and security events. Comments join this
 * export with the comment thread. Password hashes and tokens are never included.
 */
export async function exportMyData() {
  const user = await requireUser();
  const profile = await db.user.findUniqueOrThrow({
    where: { id: user.id },
    select: {
      id: true,
      name: true,
      email: true,
      emailVerified: true,
      role: true,
      suspendedUntil: true,
      bannedAt: true,
      statusReason: true,
      createdAt: true,
      updatedAt: true,
      accounts: { select: { provider: true, providerAccountId: true } },
      authEvents: { select: { type: true, ip: true, createdAt: true }, orderBy: { createdAt: 'desc' }, take: 1000 },
    },
  });
  const { accounts, authEvents, ...rest } = profile;
  return {
    exportedAt: new Date().toISOString(),
    profile: { ...rest, hasPassword: user.hasPassword },
    signInProviders: accounts,
    securityEvents: authEvents,
    comments: [] as unknown[],
  };
}
