import type { Prisma } from '@/lib/generated/prisma/client';

/** The PostgreSQL channel every app instance listens on (lib/comments/comment-stream.ts). */
export const COMMENT_CHANNEL = 'parley_comments';

/**
 * What happened to a comment, as the app instances tell each other. It stays
 * between them: each stream sends its listener only the part they may see
 * (publicCommentEvent, moderationCommentEvent).
 */
export type CommentEvent = {
  articleId: string;
  commentId: string;
  /** What happened to the row: posted, changed (edited, moderated), or deleted / rejected. */
  kind: 'created' | 'updated' | 'removed';
  authorId: string;
  /** Whether readers could see the comment in the thread before and after the change (published, not deleted). */
  wasPublic: boolean;
  isPublic: boolean;
  /** Published comments on the article after the change. */
  commentCount: number;
};

/**
 * What an article's public stream sends: kinds as the public sees them (a held
 * comment approved is new to them). `mine` tells a signed-in reader their own
 * comment from others'; no author's id ever goes out.
 */
export type PublicCommentEvent = {
  kind: 'created' | 'updated' | 'removed';
  commentId: string;
  commentCount: number;
  mine: boolean;
};

/** The public's view of an event, or null when it concerns a comment the public never sees (held or rejected). */
export function publicCommentEvent(event: CommentEvent, viewerId: string | null): PublicCommentEvent | null {
  if (!event.wasPublic && !event.isPublic) return null;
  const kind = !event.wasPublic ? 'created' : event.isPublic ? 'updated' : 'removed';
  return { kind, commentId: event.commentId, commentCount: event.commentCount, mine: viewerId !== null && event.authorId === viewerId };
}

/** What the moderation console's stream sends: enough to say "something changed here", nothing it does not use. */
export type ModerationCommentEvent = Pick<CommentEvent, 'kind' | 'articleId' | 'commentId'>;

export const moderationCommentEvent = ({ kind, articleId, commentId }: CommentEvent): ModerationCommentEvent => ({ kind, articleId, commentId });

/**
 * Sends the event with NOTIFY inside the writing transaction: PostgreSQL
 * delivers it only if the transaction commits, to every instance.
 */
export async function notifyCommentEvent(tx: Prisma.TransactionClient, event: CommentEvent): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${COMMENT_CHANNEL}, ${JSON.stringify(event)})`;
}
