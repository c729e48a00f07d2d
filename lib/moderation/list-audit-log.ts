import 'server-only';
import { z } from 'zod';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { db } from '@/lib/db';
import { parseInput } from '@/lib/errors';
import { AuditAction } from '@/lib/generated/prisma/enums';

const PAGE_SIZE = 50;
const MAX_BIGINT = 9_223_372_036_854_775_807n;

export const auditQuerySchema = z.object({
  action: z.enum(Object.values(AuditAction) as [AuditAction, ...AuditAction[]]).optional().catch(undefined),
  actor: z.string().trim().max(254).optional().transform((v) => v || undefined).catch(undefined),
  target: z.string().trim().max(100).optional().transform((v) => v || undefined).catch(undefined),
  // An id from the URL: past 2^63 - 1 PostgreSQL's bigint refuses it (a 500), so it means the first page.
  before: z
    .string()
    .refine((value) => /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_BIGINT)
    .optional()
    .catch(undefined),
});

/** The audit log, newest first, filtered by action, actor (email) or target id; keyset on id. */
export async function listAuditLogAs(actor: CurrentUser | null, input: z.input<typeof auditQuerySchema>) {
  authorize(actor, 'moderate');
  const query = parseInput(auditQuerySchema, input);
  const actorUser = query.actor ? await db.user.findUnique({ where: { email: query.actor.toLowerCase() }, select: { id: true } }) : null;
  const entries = await db.auditLog.findMany({
    where: {
      ...(query.action && { action: query.action }),
      ...(query.actor && { actorId: actorUser?.id ?? '00000000-0000-0000-0000-000000000000' }),
      ...(query.target && { targetId: query.target }),
      ...(query.before && { id: { lt: BigInt(query.before) } }),
    },
    orderBy: { id: 'desc' },
    take: PAGE_SIZE + 1,
  });
  const page = entries.slice(0, PAGE_SIZE);
  const actorIds = [...new Set(page.flatMap((entry) => (entry.actorId ? [entry.actorId] : [])))];
  const actors = await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } });
  const nameOf = new Map(actors.map((user) => [user.id, user.name]));
  return {
    entries: page.map((entry) => ({
      ...entry,
      id: entry.id.toString(),
      actorName: entry.actorId ? (nameOf.get(entry.actorId) ?? 'unknown') : 'command line',
    })),
    nextBefore: entries.length > PAGE_SIZE ? page.at(-1)?.id.toString() : undefined,
  };
}

export const listAuditLog = withCurrentUser(listAuditLogAs);
