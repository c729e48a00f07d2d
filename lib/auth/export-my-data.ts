import 'server-only';
import { db } from '@/lib/db';
import { requireUser } from './authorization';

/**
 * Everything Parley holds about the signed-in user, as a JSON-ready object:
 * profile, linked sign-in providers, security events, and every comment with
 * its earlier versions and status. Password hashes and tokens are never included.
 */
export async function exportMyData() {
  return exportDataOf(await requireUser());
}

export async function exportDataOf(user: { id: string; hasPassword: boolean }) {
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
      comments: {
        orderBy: { createdAt: 'asc' },
        select: {
          id: true,
          body: true,
          status: true,
          createdAt: true,
          editedAt: true,
          deletedAt: true,
          replyToId: true,
          quotedParagraphId: true,
          insightfulCount: true,
          article: { select: { slug: true, title: true } },
          revisions: { select: { body: true, createdAt: true }, orderBy: { createdAt: 'asc' } },
        },
      },
    },
  });
  const { accounts, authEvents, comments, ...rest } = profile;
  return {
    exportedAt: new Date().toISOString(),
    profile: { ...rest, hasPassword: user.hasPassword },
    signInProviders: accounts,
    securityEvents: authEvents,
    comments,
  };
}
