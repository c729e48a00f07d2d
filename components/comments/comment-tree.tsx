import Link from 'next/link';
import { commentPermalink } from '@/lib/comments/comment-permalink';
import type { CommentView } from '@/lib/comments/comment-view';
import { CommentItem, type ThreadViewer } from './comment-item';

export type CommentTreeProps = {
  root: CommentView;
  replies: CommentView[];
  moreReplies: number;
  articleId: string;
  articleSlug: string;
  viewer: ThreadViewer;
  /** Idempotency keys for reply forms, by comment id (made on the server for forms posted without JavaScript). */
  replyKeys: Record<string, string>;
};

/** A top-level comment and its replies, nested by where each reply is shown (at most three levels). */
export function CommentTree({ root, replies, moreReplies, articleId, articleSlug, viewer, replyKeys }: CommentTreeProps) {
  const childrenOf = (id: string) => replies.filter((reply) => reply.displayParentId === id);
  const keyFor = (id: string) => replyKeys[id] ?? id;

  const renderNode = (comment: CommentView): React.ReactNode => {
    const children = childrenOf(comment.id);
    return (
      <CommentItem key={comment.id} comment={comment} articleId={articleId} articleSlug={articleSlug} viewer={viewer} replyKey={keyFor(comment.id)}>
        {children.length > 0 && <ol className="comment-replies">{children.map(renderNode)}</ol>}
      </CommentItem>
    );
  };

  const direct = childrenOf(root.id);
  return (
    <CommentItem comment={root} articleId={articleId} articleSlug={articleSlug} viewer={viewer} replyKey={keyFor(root.id)}>
      {(direct.length > 0 || moreReplies > 0) && (
        <details className="comment-thread" open>
          <summary className="comment-thread__toggle">
            {root.replyCount === 1 ? '1 reply' : `${root.replyCount} replies`}
            <span className="visually-hidden"> to {root.authorName}</span>
          </summary>
          {direct.length > 0 && <ol className="comment-replies">{direct.map(renderNode)}</ol>}
          {moreReplies > 0 && (
            <Link className="comment-thread__more" href={commentPermalink(articleSlug, root.id)}>
              Show {moreReplies} more {moreReplies === 1 ? 'reply' : 'replies'}
            </Link>
          )}
        </details>
      )}
    </CommentItem>
  );
}
