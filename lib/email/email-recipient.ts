// The one rule for who may receive email: not deleted, not banned, and the
// address proven (emailVerified). Verification and password-reset emails go to
// unproven addresses by their nature and do not ask here.
import 'server-only';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';

export type EmailableOptions = {
  client?: Prisma.TransactionClient;
  /**
   * The notice of the ban itself is the one email a banned reader still gets:
   * it tells them why (issue 13: "a suspension or ban with its end and reason").
   */
  evenIfBanned?: boolean;
};

/** The user's address when email may go to it, otherwise null. */
export async function emailableAddress(userId: string, { client = db, evenIfBanned = false }: EmailableOptions = {}): Promise<string | null> {
  const user = await client.user.findUnique({
    where: { id: userId },
    select: { email: true, emailVerified: true, deletedAt: true, bannedAt: true },
  });
  if (!user || user.deletedAt || (user.bannedAt && !evenIfBanned) || !user.emailVerified) return null;
  return user.email;
}
