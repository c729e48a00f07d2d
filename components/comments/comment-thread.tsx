import { randomUUID } from 'node:crypto';
import Link from 'next/link';
import type { ArticleThread } from '@/lib/comments/load-article-thread';
import { reportReasonLabel } from '@/lib/comments/report-reason-labels';
import type { ThreadSort } from '@/lib/comments/schema';
import { articlePath } from '@/lib/site';
import { CommentComposer } from './comment-composer';
import type { ThreadViewer } from './comment-item';
import { CommentItem } from './comment-item';
import { CommentTree } from './comment-tree';
import { FollowThreadForm } from '@/components/notifications/follow-thread-form';
import { LoadMoreComments } from './load-more-comments';
import { PermalinkFocus } from './permalink-focus';
import { SharedThreadViewer } from './shared-thread-viewer';
import { ThreadLiveHeader } from './thread-live-header';

export type CommentThreadProps = {
  article: { id: string; slug: string; commentCount: number };
  thread: ArticleThread;
  sort: ThreadSort;
  /** Set when this render is a later page reached without JavaScript. */
  cursor?: string;
  /** Whether the signed-in reader follows this thread; undefined on the anonymous page (no form). */
  following?: boolean;
};

const sortLabels: Record<ThreadSort, string> = { best: 'Best', newest: 'Newest', oldest: 'Oldest', featured: 'Featured' };

/** The discussion under an article: count, sort, composer, and the first page, all in the server-rendered HTML. */
export function CommentThread({ article, thread, sort, cursor, following }: CommentThreadProps) {
  const { page, viewer, linked, quoting, commentsClosed, featured, ledger } = thread;
  const threadViewer: ThreadViewer = { signedIn: viewer.signedIn, canPost: viewer.signedIn && !viewer.restriction && !commentsClosed };
  // Forms need an idempotency key even when posted without JavaScript: made
  // here for a signed-in reader's page. The anonymous page is cached and
  // shared, so it carries none (its readers sign in before they can post, and
  // the composer makes a key in the browser).
  const newKey = viewer.signedIn ? randomUUID : () => '';
  const replyKeys: Record<string, string> = {};
  if (threadViewer.canPost) for (const item of page.items) for (const c of [item.comment, ...item.replies]) replyKeys[c.id] = newKey();
  const threadPath = articlePath(article.slug);
  const common = { articleId: article.id, articleSlug: article.slug, viewer: threadViewer, replyKeys };

  return (
    <section id="comments" className="comments" aria-labelledby="comments-heading">
      <ThreadLiveHeader articleSlug={article.slug} initialCount={article.commentCount} />
      <PermalinkFocus />
      {following !== undefined && <FollowThreadForm articleId={article.id} following={following} />}

      {commentsClosed ? (
        <p className="form-message">Comments are closed on this article. The discussion stays readable.</p>
      ) : viewer.restriction ? (
        <p className="form-message form-message--error" role="status">
          {viewer.restriction} You can still read the discussion.
        </p>
      ) : (
        <CommentComposer articleId={article.id} articleSlug={article.slug} initialKey={newKey()} signedIn={viewer.signedIn} acceptsQuotes />
      )}
      {/* Rendered for no one (the shared cached page): the browser fills in its signed-in reader's part. */}
      {!viewer.signedIn && <SharedThreadViewer articleId={article.id} articleSlug={article.slug} />}

      {quoting && (
        <section id="quoted-comments" className="linked-thread" aria-labelledby="quoted-heading">
          <h3 id="quoted-heading">
            Comments quoting <a href={`#${quoting.paragraphId}`}>this passage</a>
          </h3>
          {quoting.comments.length === 0 ? (
            <p>No comment quotes this passage yet.</p>
          ) : (
            <ol className="comment-list">
              {quoting.comments.map((comment) => (
                <CommentItem key={comment.id} comment={comment} articleId={article.id} articleSlug={article.slug} viewer={threadViewer} replyKey={newKey()} />
              ))}
            </ol>
          )}
          <p>
            <Link href={`${threadPath}?sort=${sort}#comments`}>Back to all comments</Link>
          </p>
        </section>
      )}

      {linked && (
        <section className="linked-thread" aria-label="The comment you followed a link to, in its thread">
          <ol className="comment-list">
            <CommentTree root={linked.comment} replies={linked.replies} moreReplies={0} {...common} />
          </ol>
          {linked.nextCursor && <p>This thread continues; replies past the first 100 are not shown here.</p>}
          <p>
            <Link href={`${threadPath}?sort=${sort}#comments`}>Show all comments</Link>
          </p>
        </section>
      )}

      <nav className="sort-nav" aria-label="Sort comments">
        {(Object.keys(sortLabels) as ThreadSort[]).map((option) => (
          <Link key={option} href={`${threadPath}?sort=${option}#comments`} aria-current={option === sort ? 'true' : undefined}>
            {sortLabels[option]}
          </Link>
        ))}
      </nav>

      {cursor && (
        <p>
          <Link href={`${threadPath}?sort=${sort}#comments`}>Back to the first comments</Link>
        </p>
      )}

      {featured.length > 0 && (
        <section className="featured-comments" aria-labelledby="featured-heading">
          <h3 id="featured-heading">Featured by the moderators</h3>
          <ol className="comment-list">
            {featured.map((comment) => (
              <CommentItem key={comment.id} comment={comment} articleId={article.id} articleSlug={article.slug} viewer={threadViewer} replyKey={newKey()} />
            ))}
          </ol>
        </section>
      )}

      {page.items.length === 0 && !cursor ? (
        <p className="comments__empty">No comments yet. Share your insight first.</p>
      ) : (
        <ol className="comment-list">
          {page.items.map((item) => (
            <CommentTree key={item.comment.id} root={item.comment} replies={item.replies} moreReplies={item.moreReplies} {...common} />
          ))}
        </ol>
      )}

      {ledger.removed > 0 && (
        <p className="ledger">
          <strong>
            {ledger.removed} {ledger.removed === 1 ? 'comment' : 'comments'} removed
          </strong>
          : {ledger.byReason.map((row) => `${row.count} ${reportReasonLabel[row.reason]}`).join(', ')}.{' '}
          <span className="meta">Moderation is counted from our audit log.</span>
        </p>
      )}

      {page.nextCursor && <LoadMoreComments articleId={article.id} articleSlug={article.slug} sort={sort} initialCursor={page.nextCursor} viewer={threadViewer} />}
    </section>
  );
}
