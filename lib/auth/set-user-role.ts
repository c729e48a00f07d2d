import 'server-only';
import { expireCacheTags } from '@/lib/cache/expire-cache-tags';
import { cacheTagsOfPagesShowing } from '@/lib/comments/articles-commented-by';
import { getClientIp } from '@/lib/request-ip';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import type { Role } from '@/lib/generated/prisma/client';
import { requireAdmin } from './authorization';
import { recordAudit } from '@/lib/moderation/record-audit';
import { recordAuthEvent } from './record-auth-event';

type RoleChange = { userId: string; role: Role; actorId: string | null; ip: string | null };

/** Changes a role and records who did it. No authorization: callers decide. */
export async function applyRoleChange({ userId, role, actorId, ip }: RoleChange) {
  const result = await db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: { role: true, deletedAt: true, email: true } });
    if (!before || before.deletedAt) throw new DomainError('NOT_FOUND', 'There is no such user.');
    if (before.role === role) return { changed: false, from: before.role, to: role };
    await tx.user.update({ where: { id: userId }, data: { role } });
    await recordAuthEvent({ type: 'ROLE_CHANGED', userId, actorId, ip, detail: { from: before.role, to: role } }, tx);
    await recordAudit(tx, { action: 'ROLE_CHANGED', actorId, targetType: 'user', targetId: userId, before: { role: before.role }, after: { role } });
    return { changed: true, from: before.role, to: role };
  });
  // Staff carry a badge beside their comments.
  if (result.changed) await expireCacheTags(await cacheTagsOfPagesShowing(userId));
  return result;
}

/**
 * Why the admin page may not change this user's role, or null when it may.
 * Admins are made with the `npm run user:role` command, and an admin cannot
 * demote themself here, so the site cannot be left without one by a slip of
 * the mouse. The page asks this to decide which buttons to show; the action
 * asks it again.
 */
export function roleChangeRefusal(adminId: string, target: { id: string; role: Role }): string | null {
  if (target.id === adminId) return 'You cannot change your own role here.';
  if (target.role === 'ADMIN') return 'Another admin’s role is changed with the npm run user:role command.';
  return null;
}

/** The admin page's action: appoint or remove moderators. */
export async function setUserRole(input: { userId: string; role: Role }) {
  const admin = await requireAdmin();
  if (input.role === 'ADMIN') {
    throw new DomainError('FORBIDDEN', 'Admins are appointed with the npm run user:role command, not from this page.');
  }
  const target = await db.user.findUnique({ where: { id: input.userId }, select: { id: true, role: true } });
  const refusal = target ? roleChangeRefusal(admin.id, target) : null;
  if (refusal) throw new DomainError('FORBIDDEN', refusal);
  return applyRoleChange({ ...input, actorId: admin.id, ip: await getClientIp() });
}
