import { guardPage } from '@/lib/auth/page-guards';
import Link from 'next/link';
import { bulkModerateAction } from './actions';
import { PageNotice } from '@/components/ui/page-notice';
import { KeyboardModeration } from '@/components/moderation/keyboard-moderation';
import { LiveQueueNotice } from '@/components/moderation/live-queue-notice';
import { QueueItem } from '@/components/moderation/queue-item';
import { reportReasonLabel } from '@/lib/comments/report-reason-labels';
import { reportReasons } from '@/lib/comments/schema';
import { listModeratedArticles } from '@/lib/moderation/list-moderated-articles';
import { listQueue, queueCounts } from '@/lib/moderation/list-queue';
import { queueNames, queueQuerySchema } from '@/lib/moderation/schema';

type ModerationPageProps = { searchParams: Promise<Record<string, string | undefined>> };

const queueLabels = { pending: 'Pending', reported: 'Reported', recent: 'Recent', rejected: 'Rejected' } as const;

export default async function ModerationPage({ searchParams }: ModerationPageProps) {
  await guardPage('moderate', '/moderation');
  const params = await searchParams;
  const query = queueQuerySchema.parse(params);
  const [counts, { items, nextCursor }, articles] = await Promise.all([queueCounts(), listQueue(query), listModeratedArticles()]);
  const base = new URLSearchParams(
    Object.entries({ queue: query.queue, article: query.article, author: query.author, q: query.q }).filter((e): e is [string, string] => Boolean(e[1])),
  );
  const returnTo = `/moderation?${base.toString()}`;

  return (
    <>
      <h1>Moderation</h1>
      <PageNotice notice={params.notice} error={params.error} />
      <LiveQueueNotice />
      <nav className="queue-tabs" aria-label="Queues">
        {queueNames.map((name) => (
          <Link key={name} href={`/moderation?queue=${name}`} aria-current={name === query.queue ? 'page' : undefined}>
            {queueLabels[name]} <span className="badge">{counts[name]}</span>
          </Link>
        ))}
        <Link href="/moderation/appeals">
          Appeals <span className="badge">{counts.appeals}</span>
        </Link>
      </nav>

      <form method="get" className="search-form" role="search" aria-label="Filter the queue">
        <input type="hidden" name="queue" value={query.queue} />
        <label htmlFor="filter-article">Article</label>
        <select id="filter-article" name="article" defaultValue={query.article ?? ''}>
          <option value="">All articles</option>
          {articles.map((article) => (
            <option key={article.id} value={article.id}>
              {article.title}
            </option>
          ))}
        </select>
        <label htmlFor="filter-author">Author (name or email)</label>
        <input id="filter-author" name="author" defaultValue={query.author ?? ''} />
        <label htmlFor="filter-q">Text</label>
        <input id="filter-q" name="q" type="search" defaultValue={query.q ?? ''} />
        <button type="submit" className="button button--secondary">
          Filter
        </button>
      </form>

      <KeyboardModeration />

      {items.length > 0 && (
        <form id="bulk-form" action={bulkModerateAction} className="bulk-form" aria-label="Act on the selected comments">
          <input type="hidden" name="returnTo" value={returnTo} />
          <span>With the selected:</span>
          <button type="submit" name="decision" value="approve" className="button button--small">
            Approve selected
          </button>
          <label htmlFor="bulk-reason">reason</label>
          <select id="bulk-reason" name="reason" defaultValue="SPAM">
            {reportReasons.map((reason) => (
              <option key={reason} value={reason}>
                {reportReasonLabel[reason]}
              </option>
            ))}
          </select>
          <button type="submit" name="decision" value="reject" className="button button--small button--danger">
            Reject selected
          </button>
        </form>
      )}

      {items.length === 0 ? (
        <p className="queue-empty">Nothing in this queue{query.article || query.author || query.q ? ' for this filter' : ''}.</p>
      ) : (
        <ol className="queue" aria-label={`${queueLabels[query.queue]} comments`}>
          {items.map((item) => (
            <QueueItem key={item.id} item={item} returnTo={returnTo} bulkFormId="bulk-form" />
          ))}
        </ol>
      )}
      {nextCursor && (
        <p>
          <Link className="button button--secondary" href={`${returnTo}&cursor=${encodeURIComponent(nextCursor)}`}>
            Next page
          </Link>
        </p>
      )}
    </>
  );
}
