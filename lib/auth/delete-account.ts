import 'server-only';
import { getClientIp } from '@/lib/request-ip';
import { db } from '@/lib/db';
import { requireUser } from './authorization';
import { DELETED_USER_NAME } from './delete-account-name';
import { recordAuthEvent } from './record-auth-event';
import { endSession } from './session-cookie';


/**
 * Deletes the signed-in user's account. The user row stays as an anonymous
 * tombstone ("Deleted user", no email, no password, no linked providers) so
 * that comments in threads keep their place; their text is removed with the
 * comment thread's own rules. Every session ends at once.
 */
export async function deleteAccount(): Promise<void> {
  const ip = await getClientIp();
  const user = await requireUser();
  await db.$transaction(async (tx) => {
    await tx.account.deleteMany({ where: { userId: user.id } });
    await tx.session.deleteMany({ where: { userId: user.id } });
    await tx.user.update({
      where: { id: user.id },
      data: {
        name: DELETED_USER_NAME,
        email: `deleted-${user.id}@deleted.invalid`,
        emailVerified: null,
        image: null,
        passwordHash: null,
        role: 'READER',
        deletedAt: new Date(),
        sessionVersion: { increment: 1 },
      },
    });
    await recordAuthEvent({ type: 'ACCOUNT_DELETED', userId: user.id, ip }, tx);
  });
  await endSession();
}
