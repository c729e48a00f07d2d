import type { PostedComment } from './post-comment';

/** What the composer says once a post is accepted, whichever way it was sent (the form's action or POST /api/comments). */
export function postedCommentMessage(status: PostedComment['status']): string {
  return status === 'PENDING' ? 'Thanks. Your comment is awaiting moderation; only you can see it for now.' : 'Your comment is posted.';
}

/** POST /api/comments' answer: the comment as its author now sees it, for the composer to show at once. */
export type PostCommentAnswer = Pick<PostedComment, 'status' | 'articleSlug' | 'replayed'> & {
  postedId: string;
  message: string;
  comment: PostedComment['view'];
};

export function postCommentAnswer(posted: PostedComment): PostCommentAnswer {
  return {
    postedId: posted.id,
    status: posted.status,
    articleSlug: posted.articleSlug,
    replayed: posted.replayed,
    message: postedCommentMessage(posted.status),
    comment: posted.view,
  };
}
