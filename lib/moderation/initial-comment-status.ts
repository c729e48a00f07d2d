import type { CommentStatus } from '@/lib/generated/prisma/client';

/**
 * Whether a new comment is published at once or held for moderation. Every
 * comment is published for now; the moderation policies (pre-moderation
 * modes, suspect words) plug in here.
 */
export async function initialCommentStatus(_input: { authorId: string; articleId: string; body: string }): Promise<CommentStatus> {
  return 'PUBLISHED';
}
