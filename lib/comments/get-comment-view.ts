import 'server-only';
import type { CurrentUser } from '@/lib/auth/current-user';
import { db } from '@/lib/db';
import { commentViewSelect, toCommentView, type CommentView } from './comment-view';
import { visibleTo } from './list-thread';
import { viewerOf } from './load-article-thread';

/** One comment as the thread shows it to this reader (their own just-posted one, say), or null if they may not see it. */
export async function getCommentViewAs(actor: CurrentUser | null, commentId: string): Promise<CommentView | null> {
  const viewer = viewerOf(actor);
  const row = await db.comment.findFirst({ where: { id: commentId, ...visibleTo(viewer) }, select: commentViewSelect });
  return row && toCommentView(row, viewer, new Set());
}
