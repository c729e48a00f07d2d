import { pageNoticeSchema } from '@/lib/page-notice';
import Link from 'next/link';
import { guardPage } from '@/lib/auth/page-guards';
import { resolveAppealAction } from '../actions';
import { PageNotice } from '@/components/ui/page-notice';
import { reportReasonLabel } from '@/lib/comments/report-reason-labels';
import { formatUtc } from '@/lib/format-utc';
import { listAppeals } from '@/lib/moderation/list-appeals';

type AppealsPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AppealsPage({ searchParams }: AppealsPageProps) {
  await guardPage('moderate', '/moderation/appeals');
  const { notice, error } = pageNoticeSchema.parse(await searchParams);
  const appeals = await listAppeals();
  return (
    <>
      <h1>Appeals</h1>
      <PageNotice notice={notice} error={error} />
      {appeals.length === 0 ? (
        <p className="queue-empty">No open appeals.</p>
      ) : (
        <ol className="queue">
          {appeals.map((appeal) => (
            <li key={appeal.id} className="queue-item">
              <h2 className="queue-item__title">
                {appeal.comment.author.name} on{' '}
                <Link href={`/articles/${appeal.comment.article.slug}#comment-${appeal.comment.id}`}>{appeal.comment.article.title}</Link>
              </h2>
              <p className="meta">
                <span>Appealed {formatUtc(appeal.createdAt)}</span>
                <span>
                  Removed for {appeal.comment.rejectionReason ? reportReasonLabel[appeal.comment.rejectionReason] : 'an unstated reason'}
                  {appeal.comment.rejectionNote ? ` (${appeal.comment.rejectionNote})` : ''}
                </span>
              </p>
              {/* Sanitized when posted. */}
              <div className="comment__body" dangerouslySetInnerHTML={{ __html: appeal.comment.bodyHtml }} />
              <blockquote className="queue-item__parent">Appeal: {appeal.message}</blockquote>
              <div className="queue-item__actions">
                {(['OVERTURNED', 'UPHELD'] as const).map((outcome) => (
                  <form key={outcome} action={resolveAppealAction}>
                    <input type="hidden" name="appealId" value={appeal.id} />
                    <input type="hidden" name="outcome" value={outcome} />
                    <input type="hidden" name="returnTo" value="/moderation/appeals" />
                    <button type="submit" className={outcome === 'OVERTURNED' ? 'button button--small' : 'button button--small button--secondary'}>
                      {outcome === 'OVERTURNED' ? 'Restore the comment' : 'Uphold the removal'}
                    </button>
                  </form>
                ))}
              </div>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
