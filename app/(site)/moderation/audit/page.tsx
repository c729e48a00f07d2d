import Link from 'next/link';
import { AuditTable } from '@/components/moderation/audit-table';
import { guardPage } from '@/lib/auth/page-guards';
import { AuditAction } from '@/lib/generated/prisma/enums';
import { auditActionLabel } from '@/lib/moderation/audit-action-labels';
import { auditQuerySchema, listAuditLog } from '@/lib/moderation/list-audit-log';

type AuditPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPage({ searchParams }: AuditPageProps) {
  await guardPage('moderate', '/moderation/audit');
  const query = auditQuerySchema.parse(await searchParams);
  const { entries, nextBefore } = await listAuditLog(query);
  const params = new URLSearchParams(
    Object.entries({ action: query.action, actor: query.actor, target: query.target }).filter((e): e is [string, string] => Boolean(e[1])),
  );
  return (
    <>
      <h1>Audit log</h1>
      <p>Every moderator and admin action, newest first. Times are UTC. Entries cannot be changed or deleted.</p>
      <form method="get" className="search-form" role="search" aria-label="Filter the audit log">
        <label htmlFor="audit-action">Action</label>
        <select id="audit-action" name="action" defaultValue={query.action ?? ''}>
          <option value="">All actions</option>
          {Object.values(AuditAction).map((action) => (
            <option key={action} value={action}>
              {auditActionLabel[action]}
            </option>
          ))}
        </select>
        <label htmlFor="audit-actor">Actor email</label>
        <input id="audit-actor" name="actor" defaultValue={query.actor ?? ''} />
        <label htmlFor="audit-target">Target id</label>
        <input id="audit-target" name="target" defaultValue={query.target ?? ''} />
        <button type="submit" className="button button--secondary">
          Filter
        </button>
      </form>
      <AuditTable entries={entries} />
      {entries.length === 0 && <p>No entries.</p>}
      {nextBefore && (
        <p>
          <Link href={`/moderation/audit?${params.toString()}${params.size ? '&' : ''}before=${nextBefore}`}>Older entries</Link>
        </p>
      )}
    </>
  );
}
