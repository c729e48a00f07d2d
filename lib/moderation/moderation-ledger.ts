import 'server-only';
import { db } from '@/lib/db';
import type { ReportReason } from '@/lib/generated/prisma/client';

export type ModerationLedger = { removed: number; byReason: { reason: ReportReason; count: number }[] };

/**
 * The public ledger under a thread: how many comments are removed, by reason,
 * counted from the audit log (each comment's latest decision), with no
 * personal data.
 */
export async function moderationLedger(articleId: string): Promise<ModerationLedger> {
  const rows = await db.$queryRaw<{ reason: ReportReason; count: number }[]>`
    SELECT latest.reason, count(*)::int AS count FROM (
      SELECT DISTINCT ON ("targetId") "action", "reason"
      FROM "AuditLog"
      WHERE "articleId" = ${articleId}::uuid AND "targetType" = 'comment'
        AND "action" IN ('COMMENT_APPROVED', 'COMMENT_REJECTED', 'COMMENT_RESTORED')
      ORDER BY "targetId", "id" DESC
    ) latest
    WHERE latest."action" = 'COMMENT_REJECTED'
    GROUP BY latest.reason
    ORDER BY count DESC, latest.reason`;
  return { removed: rows.reduce((sum, row) => sum + row.count, 0), byReason: rows };
}
