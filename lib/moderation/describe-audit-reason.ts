import { reportReasonChoice } from '@/lib/comments/report-reason-labels';
import { ReportReason } from '@/lib/generated/prisma/enums';

const isReportReason = (value: string): value is ReportReason => Object.hasOwn(ReportReason, value);

/**
 * An entry's reason and note as one line: "Harassment (personal attack)".
 * Comment decisions store a reason code, shown as the word the reject form
 * offers; suspensions and bans store the moderator's own words; a warning's
 * note is the warning itself.
 */
export function describeAuditReason(entry: { reason: string | null; note: string | null }): string | null {
  const reason = entry.reason?.trim() ? (isReportReason(entry.reason) ? reportReasonChoice(entry.reason) : entry.reason.trim()) : null;
  const note = entry.note?.trim() || null;
  if (reason && note) return `${reason} (${note})`;
  return reason ?? note;
}
