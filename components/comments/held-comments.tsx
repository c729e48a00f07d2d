import type { CommentView } from '@/lib/comments/comment-view';
import { CommentItem } from './comment-item';

export type HeldCommentsProps = { articleId: string; articleSlug: string; comments: CommentView[]; canPost: boolean };

/** The signed-in reader's comments on a shared cached thread that others do not see (awaiting moderation, removed). */
export function HeldComments({ articleId, articleSlug, comments, canPost }: HeldCommentsProps) {
  return (
    <section className="linked-thread" aria-labelledby="held-comments-heading">
      <h3 id="held-comments-heading">Your comments not shown to others</h3>
      <ol className="comment-list">
        {comments.map((comment) => (
          <CommentItem key={comment.id} comment={comment} articleId={articleId} articleSlug={articleSlug} viewer={{ signedIn: true, canPost }} replyKey="" />
        ))}
      </ol>
    </section>
  );
}
