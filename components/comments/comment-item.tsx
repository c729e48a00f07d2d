import type { CommentView } from '@/lib/comments/comment-view';
import { reportReasonLabel } from '@/lib/comments/report-reason-labels';
import type { ReportReason } from '@/lib/comments/schema';
import { Avatar } from './avatar';
import { CommentActions } from './comment-actions';
import { commentActionsFields } from './comment-actions-comment';
import { formatExact } from './format-exact';
import { LazyAppealForm } from './lazy-appeal-form';
import { RelativeTime } from './relative-time';

export type ThreadViewer = { signedIn: boolean; canPost: boolean };

export type CommentItemProps = {
  comment: CommentView;
  articleId: string;
  articleSlug: string;
  viewer: ThreadViewer;
  /** Idempotency key for this comment's reply form. */
  replyKey: string;
  children?: React.ReactNode;
};

const appealNote: Record<string, string> = {
  OPEN: 'Your appeal is waiting for a moderator.',
  UPHELD: 'Your appeal was reviewed and the removal stands.',
  OVERTURNED: 'Your appeal was granted.',
};

const statusNote: Record<'PENDING' | 'REJECTED', string> = {
  PENDING: 'Awaiting moderation: only you and the moderators can see this comment.',
  REJECTED: 'Removed by a moderator. Only you can see it.',
};

/** One comment. Rendered on the server for the first page, and in the browser for pages loaded later. */
export function CommentItem({ comment, articleId, articleSlug, viewer, replyKey, children }: CommentItemProps) {
  return (
    <li className={`comment-node comment-node--depth-${comment.depth}`}>
      <article
        id={`comment-${comment.id}`}
        className={`comment${comment.status !== 'PUBLISHED' ? ' comment--held' : ''}`}
        aria-labelledby={`comment-${comment.id}-author`}
      >
        <header className="comment__header">
          <Avatar name={comment.authorName} />
          <span id={`comment-${comment.id}-author`} className="comment__author">
            {comment.authorName}
          </span>
          {comment.authorBadge && <span className="badge badge--staff">{comment.authorBadge}</span>}
          {comment.featured && <span className="badge badge--featured">Featured</span>}
          <a className="comment__time" href={`#comment-${comment.id}`}>
            <RelativeTime iso={comment.createdAt} />
          </a>
          {comment.editedAt && (
            <span className="comment__edited" title={`Edited ${formatExact(comment.editedAt)}`}>
              edited
            </span>
          )}
        </header>
        {comment.replyingTo && (
          <p className="comment__replying-to">
            Replying to <a href={`#comment-${comment.replyingTo.id}`}>{comment.replyingTo.name}</a>
          </p>
        )}
        {comment.status !== 'PUBLISHED' && <p className="comment__status">{statusNote[comment.status]}</p>}
        {comment.removal && (
          <div className="comment__removal">
            <p>
              Reason: {reportReasonLabel[comment.removal.reason as ReportReason] ?? comment.removal.reason}
              {comment.removal.note ? ` (${comment.removal.note})` : ''}.
            </p>
            {comment.removal.appeal === 'NONE' ? <LazyAppealForm commentId={comment.id} /> : <p role="status">{appealNote[comment.removal.appeal]}</p>}
          </div>
        )}
        {comment.quotedParagraphId && !comment.deleted && (
          <p className="comment__quote-source">
            <a href={`#${comment.quotedParagraphId}`}>Quoting a passage of the article</a>
          </p>
        )}
        {comment.bodyHtml === null ? (
          <p className="comment__deleted">This comment was deleted.</p>
        ) : (
          // Rendered from Markdown and sanitized on the server (lib/comments/render-comment-markdown.ts).
          <div className="comment__body" dangerouslySetInnerHTML={{ __html: comment.bodyHtml }} />
        )}
        <CommentActions
          comment={commentActionsFields(comment)}
          articleId={articleId}
          articleSlug={articleSlug}
          signedIn={viewer.signedIn}
          canPost={viewer.canPost}
          replyKey={replyKey}
        />
      </article>
      {children}
    </li>
  );
}
