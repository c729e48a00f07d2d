import type { AuditAction, Prisma } from '@/lib/generated/prisma/client';

export type AuditEntry = {
  action: AuditAction;
  actorId: string | null;
  targetType: 'comment' | 'user' | 'article' | 'policy' | 'appeal';
  targetId: string;
  articleId?: string | null;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
  reason?: string | null;
  note?: string | null;
};

/**
 * Appends to the audit log inside the action's own transaction, so no action
 * happens without its record. Entries are never updated or deleted (a database
 * trigger refuses it).
 */
export async function recordAudit(tx: Prisma.TransactionClient, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      action: entry.action,
      actorId: entry.actorId,
      targetType: entry.targetType,
      targetId: entry.targetId,
      articleId: entry.articleId ?? null,
      before: entry.before,
      after: entry.after,
      reason: entry.reason ?? null,
      note: entry.note ?? null,
    },
  });
}
