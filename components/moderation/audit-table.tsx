import Link from 'next/link';
import { commentPermalink } from '@/lib/comments/comment-permalink';
import { formatUtc } from '@/lib/format-utc';
import { auditChangeText } from '@/lib/moderation/describe-audit-change';
import type { AuditLogRow } from '@/lib/moderation/list-audit-log';
import type { AuditComment, AuditPerson, AuditTarget } from '@/lib/moderation/load-audit-subjects';

export type AuditTableProps = { entries: AuditLogRow[] };

const auditFilter = (name: 'actor' | 'target', id: string) => `/moderation/audit?${new URLSearchParams({ [name]: id }).toString()}`;
const commentHref = (comment: AuditComment) => commentPermalink(comment.article.slug, comment.id);

/** "history" beside a target: every entry about it. The hidden words tell links in different rows apart. */
function HistoryLink({ id, of }: { id: string; of: string }) {
  return (
    <Link href={auditFilter('target', id)}>
      history<span className="visually-hidden"> of {of}</span>
    </Link>
  );
}

function CommentRef({ comment }: { comment: AuditComment }) {
  return (
    <>
      <Link href={commentHref(comment)}>{comment.excerpt ? `“${comment.excerpt}”` : 'A comment whose text was erased'}</Link>
      {comment.deleted && ' (deleted by its author)'} by {comment.author.name} on <Link href={`/articles/${comment.article.slug}`}>{comment.article.title}</Link>
    </>
  );
}

function Person({ person }: { person: AuditPerson }) {
  return (
    <Link href={auditFilter('target', person.id)} title={`Every entry about ${person.name}`}>
      {person.name}
    </Link>
  );
}

function Target({ target }: { target: AuditTarget }) {
  switch (target.kind) {
    case 'user':
      return (
        <>
          <Person person={target.person} />
          {!target.person.deleted && (
            <span className="meta audit-table__links">
              <Link href={`/moderation?queue=recent&author=${target.person.id}`}>
                their comments<span className="visually-hidden"> ({target.person.name})</span>
              </Link>
            </span>
          )}
        </>
      );
    case 'comment':
      return target.comment ? (
        <>
          <CommentRef comment={target.comment} />
          <span className="meta audit-table__links">
            <HistoryLink id={target.id} of="this comment" />
          </span>
        </>
      ) : (
        'A comment that no longer exists'
      );
    case 'article':
      return target.article ? (
        <>
          <Link href={`/articles/${target.article.slug}`}>{target.article.title}</Link>
          <span className="meta audit-table__links">
            <HistoryLink id={target.id} of={target.article.title} />
          </span>
        </>
      ) : (
        'An article that no longer exists'
      );
    case 'appeal':
      return target.comment ? (
        <>
          Appeal against the removal of <CommentRef comment={target.comment} />
        </>
      ) : (
        'An appeal on a comment that no longer exists'
      );
    case 'policy':
      return <Link href="/moderation/settings">Site moderation policy</Link>;
    case 'other':
      return (
        <>
          {target.type} <code>{target.id}</code>
        </>
      );
  }
}

/** The audit log as a table: who did what to what, what changed, and why. */
export function AuditTable({ entries }: AuditTableProps) {
  return (
    <table className="table audit-table">
      <caption className="visually-hidden">Audit entries, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When (UTC)</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Target</th>
          <th scope="col">Change</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.id}>
            <td>
              <time dateTime={entry.createdAt.toISOString()}>{formatUtc(entry.createdAt)}</time>
            </td>
            <td>
              {entry.actor ? (
                <Link href={auditFilter('actor', entry.actor.id)} title={`Every action by ${entry.actor.name}`}>
                  {entry.actor.name}
                </Link>
              ) : (
                'Command line'
              )}
            </td>
            <td>{entry.actionLabel}</td>
            <td>
              <Target target={entry.target} />
            </td>
            <td>
              <ul className="audit-table__changes">
                {entry.changes.map((part, index) => (
                  <li key={index}>{auditChangeText(part)}</li>
                ))}
              </ul>
            </td>
            <td>{entry.reason ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
