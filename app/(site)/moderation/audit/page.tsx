import { guardPage } from '@/lib/auth/page-guards';
import Link from 'next/link';
import { formatUtc } from '@/lib/format-utc';
import { AuditAction } from '@/lib/generated/prisma/enums';
import { auditQuerySchema, listAuditLog } from '@/lib/moderation/list-audit-log';

type AuditPageProps = { searchParams: Promise<Record<string, string | undefined>> };

const show = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value));

export default async function AuditPage({ searchParams }: AuditPageProps) {
  await guardPage('moderate', '/moderation/audit');
  const query = auditQuerySchema.parse(await searchParams);
  const { entries, nextBefore } = await listAuditLog(query);
  const params = new URLSearchParams(Object.entries({ action: query.action, actor: query.actor, target: query.target }).filter((e): e is [string, string] => Boolean(e[1])));
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
              {action.toLowerCase().replaceAll('_', ' ')}
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
      <table className="table audit-table">
        <caption className="visually-hidden">Audit entries</caption>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Before → after</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>{formatUtc(entry.createdAt)}</td>
              <td>{entry.actorName}</td>
              <td>{entry.action.toLowerCase().replaceAll('_', ' ')}</td>
              <td>
                {entry.targetType} <code>{entry.targetId}</code>
              </td>
              <td>
                <code>{show(entry.before)}</code> → <code>{show(entry.after)}</code>
              </td>
              <td>
                {entry.reason ?? ''}
                {entry.note ? ` (${entry.note})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length === 0 && <p>No entries.</p>}
      {nextBefore && (
        <p>
          <Link href={`/moderation/audit?${params.toString()}${params.size ? '&' : ''}before=${nextBefore}`}>Older entries</Link>
        </p>
      )}
    </>
  );
}
