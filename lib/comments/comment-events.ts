import type { Prisma } from '@/lib/generated/prisma/client';

/** The PostgreSQL channel every app instance listens on (lib/comments/comment-stream.ts). */
export const COMMENT_CHANNEL = 'parley_comments';

export type CommentEvent = {
  articleId: string;
  commentId: string;
  kind: 'created' | 'updated' | 'removed';
  authorId: string;
  /** Published comments on the article after the change. */
  commentCount: number;
};

/**
 * Sends the event with NOTIFY inside the writing transaction: PostgreSQL
 * delivers it only if the transaction commits, to every instance.
 */
export async function notifyCommentEvent(tx: Prisma.TransactionClient, event: CommentEvent): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${COMMENT_CHANNEL}, ${JSON.stringify(event)})`;
}
