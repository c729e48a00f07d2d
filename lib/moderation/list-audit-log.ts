import 'server-only';
import { z } from 'zod';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { db } from '@/lib/db';
import { parseInput } from '@/lib/errors';
import { AuditAction } from '@/lib/generated/prisma/enums';
import { auditActionLabel } from './audit-action-labels';
import { describeAuditChange, type AuditChangePart } from './describe-audit-change';
import { describeAuditReason } from './describe-audit-reason';
import { loadAuditSubjects, type AuditPerson, type AuditTarget } from './load-audit-subjects';
import { urlTextFilter } from './schema';

const PAGE_SIZE = 50;
const MAX_BIGINT = 9_223_372_036_854_775_807n;

export const auditQuerySchema = z.object({
  action: z
    .enum(Object.values(AuditAction) as [AuditAction, ...AuditAction[]])
    .optional()
    .catch(undefined),
  /** An email typed into the filter, or a user id from a link on an entry. */
  actor: urlTextFilter(254),
  target: urlTextFilter(100),
  // An id from the URL: past 2^63 - 1 PostgreSQL's bigint refuses it (a 500), so it means the first page.
  before: z
    .string()
    .refine((value) => /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_BIGINT)
    .optional()
    .catch(undefined),
});

export type AuditLogRow = {
  id: string;
  createdAt: Date;
  action: AuditAction;
  actionLabel: string;
  /** null: the command line (npm run user:role). */
  actor: AuditPerson | null;
  target: AuditTarget;
  changes: AuditChangePart[];
  reason: string | null;
};

const NO_ONE = '00000000-0000-0000-0000-000000000000';

async function actorIdOf(actor: string): Promise<string> {
  if (z.guid().safeParse(actor).success) return actor.toLowerCase();
  const user = await db.user.findUnique({ where: { email: actor.toLowerCase() }, select: { id: true } });
  return user?.id ?? NO_ONE;
}

/**
 * The audit log, newest first, filtered by action, actor (email or id) or
 * target id; keyset on id. Each entry comes ready to read: people by name,
 * comments by an excerpt, articles by title, and its change in words.
 */
export async function listAuditLogAs(actor: CurrentUser | null, input: z.input<typeof auditQuerySchema>) {
  authorize(actor, 'moderate');
  const query = parseInput(auditQuerySchema, input);
  const entries = await db.auditLog.findMany({
    where: {
      ...(query.action && { action: query.action }),
      ...(query.actor && { actorId: await actorIdOf(query.actor) }),
      ...(query.target && { targetId: query.target }),
      ...(query.before && { id: { lt: BigInt(query.before) } }),
    },
    orderBy: { id: 'desc' },
    take: PAGE_SIZE + 1,
  });
  const page = entries.slice(0, PAGE_SIZE);
  const subjects = await loadAuditSubjects(page);
  const rows: AuditLogRow[] = page.map((entry) => ({
    id: entry.id.toString(),
    createdAt: entry.createdAt,
    action: entry.action,
    actionLabel: auditActionLabel[entry.action],
    actor: subjects.actor(entry.actorId),
    target: subjects.target(entry),
    changes: describeAuditChange(entry),
    reason: describeAuditReason(entry),
  }));
  return { entries: rows, nextBefore: entries.length > PAGE_SIZE ? page.at(-1)?.id.toString() : undefined };
}

export const listAuditLog = withCurrentUser(listAuditLogAs);
