import Link from 'next/link';
import { moderateCommentAction, moderateUserAction } from '@/app/(site)/moderation/actions';
import { reportReasonChoice, reportReasonLabel } from '@/lib/comments/report-reason-labels';
import { reportReasons } from '@/lib/comments/schema';
import type { QueueItem as QueueItemData } from '@/lib/moderation/list-queue';
import { formatUtc } from '@/lib/format-utc';
import { standingOf } from '@/lib/auth/authorization';

export type QueueItemProps = { item: QueueItemData; returnTo: string; bulkFormId: string };

function Hidden({ name, value }: { name: string; value: string }) {
  return <input type="hidden" name={name} value={value} />;
}

/** One comment in a queue: in context, with its author's history, revisions, reports and every action. */
export function QueueItem({ item, returnTo, bulkFormId }: QueueItemProps) {
  const standing = standingOf(item.author);
  const commentUrl = `/articles/${item.article.slug}#comment-${item.id}`;
  const id = item.id;
  return (
    <li className="queue-item" data-queue-item tabIndex={-1} aria-labelledby={`item-${id}-title`}>
      <div className="queue-item__head">
        <input type="checkbox" name="commentIds" value={id} form={bulkFormId} aria-label={`Select comment by ${item.author.name}`} />
        <h2 id={`item-${id}-title`} className="queue-item__title">
          {item.author.name} on <Link href={commentUrl}>{item.article.title}</Link>
        </h2>
        <span className="meta">
          <span>{formatUtc(item.createdAt)}</span>
          <span>{item.status.toLowerCase()}</span>
          {item.featuredAt && <span>featured</span>}
          {item.deletedAt && <span>deleted by author</span>}
          {item.editedAt && <span>edited</span>}
        </span>
      </div>
      {item.replyTo && (
        <blockquote className="queue-item__parent">
          In reply to {item.replyTo.author.name}: {item.replyTo.body.slice(0, 280)}
          {item.replyTo.body.length > 280 ? '…' : ''}
        </blockquote>
      )}
      {/* Sanitized when the comment was posted (lib/comments/render-comment-markdown.ts). */}
      <div className="comment__body" dangerouslySetInnerHTML={{ __html: item.bodyHtml }} />
      {item.rejectionReason && (
        <p className="queue-item__reason">
          Rejected: {reportReasonLabel[item.rejectionReason]}
          {item.rejectionNote ? ` (${item.rejectionNote})` : ''}
        </p>
      )}
      {item.reports.length > 0 && (
        <details className="queue-item__section" open>
          <summary>
            {item.reports.length} open report{item.reports.length === 1 ? '' : 's'}
          </summary>
          <ul>
            {item.reports.map((report, index) => (
              <li key={index}>
                {reportReasonChoice(report.reason)}
                {report.note ? `: “${report.note}”` : ''} <span className="meta">({formatUtc(report.createdAt)})</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {item.revisions.length > 0 && (
        <details className="queue-item__section">
          <summary>{item.revisions.length} earlier version(s)</summary>
          <ol>
            {item.revisions.map((revision, index) => (
              <li key={index}>
                <span className="meta">{formatUtc(revision.createdAt)}</span>
                <pre className="queue-item__revision">{revision.body}</pre>
              </li>
            ))}
          </ol>
        </details>
      )}
      <p className="queue-item__author meta">
        <span>Member since {formatUtc(item.author.createdAt)}</span>
        <span>{item.authorComments} comments</span>
        <span>{item.authorRejections} rejected</span>
        <span>
          {standing.status}
          {standing.status === 'suspended' ? ` until ${formatUtc(standing.until)}` : ''}
        </span>
        {item.author.moderationMode !== 'DEFAULT' && <span>{item.author.moderationMode === 'TRUSTED' ? 'trusted' : 'always pre-moderated'}</span>}
      </p>

      <div className="queue-item__actions">
        {item.status !== 'PUBLISHED' && (
          <form action={moderateCommentAction}>
            <Hidden name="commentId" value={id} />
            <Hidden name="returnTo" value={returnTo} />
            <Hidden name="decision" value={item.status === 'REJECTED' ? 'restore' : 'approve'} />
            <button type="submit" className="button button--small" data-key="a">
              {item.status === 'REJECTED' ? 'Restore' : 'Approve'}
            </button>
          </form>
        )}
        {item.status !== 'REJECTED' && (
          <form action={moderateCommentAction} className="reject-form">
            <Hidden name="commentId" value={id} />
            <Hidden name="returnTo" value={returnTo} />
            <Hidden name="decision" value="reject" />
            <label htmlFor={`reason-${id}`}>Reason</label>
            <select id={`reason-${id}`} name="reason" defaultValue="SPAM" data-key="r">
              {reportReasons.map((reason) => (
                <option key={reason} value={reason}>
                  {reportReasonChoice(reason)}
                </option>
              ))}
            </select>
            <label htmlFor={`note-${id}`} className="visually-hidden">
              Note
            </label>
            <input id={`note-${id}`} name="note" placeholder="Note (needed for Other)" maxLength={500} />
            <button type="submit" className="button button--small button--danger">
              Reject
            </button>
          </form>
        )}
        {item.status === 'PUBLISHED' && !item.deletedAt && (
          <form action={moderateCommentAction}>
            <Hidden name="commentId" value={id} />
            <Hidden name="returnTo" value={returnTo} />
            <Hidden name="decision" value={item.featuredAt ? 'unfeature' : 'feature'} />
            <button type="submit" className="button button--small button--secondary" data-key="f">
              {item.featuredAt ? 'Unfeature' : 'Feature'}
            </button>
          </form>
        )}
      </div>

      <details className="queue-item__section">
        <summary>Act on {item.author.name}</summary>
        <div className="user-actions">
          <form action={moderateUserAction} className="inline-fields">
            <Hidden name="userId" value={item.author.id} />
            <Hidden name="returnTo" value={returnTo} />
            <Hidden name="decision" value="warn" />
            <label htmlFor={`warn-${id}`}>Warning</label>
            <input id={`warn-${id}`} name="message" required maxLength={1000} />
            <button type="submit" className="button button--small button--secondary">
              Warn
            </button>
          </form>
          <form action={moderateUserAction} className="inline-fields">
            <Hidden name="userId" value={item.author.id} />
            <Hidden name="returnTo" value={returnTo} />
            <Hidden name="decision" value="suspend" />
            <label htmlFor={`duration-${id}`}>Suspend for</label>
            <select id={`duration-${id}`} name="duration" defaultValue="1d">
              <option value="1h">1 hour</option>
              <option value="1d">1 day</option>
              <option value="7d">7 days</option>
              <option value="custom">until…</option>
            </select>
            <label htmlFor={`until-${id}`} className="visually-hidden">
              Until (UTC)
            </label>
            <input id={`until-${id}`} name="until" type="datetime-local" />
            <label htmlFor={`suspend-reason-${id}`}>Reason</label>
            <input id={`suspend-reason-${id}`} name="reason" required maxLength={500} />
            <button type="submit" className="button button--small button--secondary">
              Suspend
            </button>
          </form>
          <form action={moderateUserAction} className="inline-fields">
            <Hidden name="userId" value={item.author.id} />
            <Hidden name="returnTo" value={returnTo} />
            <Hidden name="decision" value="ban" />
            <label htmlFor={`ban-reason-${id}`}>Ban reason</label>
            <input id={`ban-reason-${id}`} name="reason" required maxLength={500} />
            <label className="checkbox">
              <input type="checkbox" name="rejectComments" /> also reject all their comments
            </label>
            <button type="submit" className="button button--small button--danger">
              Ban
            </button>
          </form>
          <div className="inline-fields">
            {standing.status !== 'active' && (
              <form action={moderateUserAction}>
                <Hidden name="userId" value={item.author.id} />
                <Hidden name="returnTo" value={returnTo} />
                <Hidden name="decision" value="lift" />
                <button type="submit" className="button button--small button--secondary">
                  Lift {standing.status === 'banned' ? 'ban' : 'suspension'}
                </button>
              </form>
            )}
            {(['PREMODERATE', 'TRUSTED', 'DEFAULT'] as const)
              .filter((mode) => mode !== item.author.moderationMode)
              .map((mode) => (
                <form action={moderateUserAction} key={mode}>
                  <Hidden name="userId" value={item.author.id} />
                  <Hidden name="returnTo" value={returnTo} />
                  <Hidden name="decision" value="mode" />
                  <Hidden name="mode" value={mode} />
                  <button type="submit" className="button button--small button--secondary">
                    {mode === 'PREMODERATE' ? 'Always pre-moderate' : mode === 'TRUSTED' ? 'Trust (skip pre-moderation)' : 'Back to the site policy'}
                  </button>
                </form>
              ))}
          </div>
        </div>
      </details>
    </li>
  );
}
