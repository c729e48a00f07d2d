// The shape the thread UI and the JSON API receive: no raw rows, only what a
// reader may see, with the viewer's own permissions worked out here.
import type { Prisma } from '@/lib/generated/prisma/client';
import { DELETED_USER_NAME } from '@/lib/auth/delete-account-name';
import { commentPermissions } from './comment-permissions';
import { EDIT_WINDOW_MINUTES } from './schema';

export const commentViewSelect = {
  id: true,
  articleId: true,
  rootId: true,
  displayParentId: true,
  depth: true,
  body: true,
  bodyHtml: true,
  status: true,
  quotedParagraphId: true,
  insightfulCount: true,
  replyCount: true,
  editedAt: true,
  deletedAt: true,
  createdAt: true,
  featuredAt: true,
  rejectionReason: true,
  rejectionNote: true,
  appeal: { select: { status: true } },
  authorId: true,
  author: { select: { name: true, role: true, deletedAt: true } },
  replyTo: { select: { id: true, displayParentId: true, deletedAt: true, author: { select: { name: true, deletedAt: true } } } },
} satisfies Prisma.CommentSelect;

export type CommentRow = Prisma.CommentGetPayload<{ select: typeof commentViewSelect }>;

export type Viewer = { id: string; role: 'READER' | 'MODERATOR' | 'ADMIN' } | null;

export type CommentView = {
  id: string;
  rootId: string | null;
  displayParentId: string | null;
  depth: number;
  authorName: string;
  /** "Moderator" or "Staff" badge; null for readers. */
  authorBadge: 'Moderator' | 'Staff' | null;
  /** Set when the reply is shown beside, not under, the comment it answers (depth cap). */
  replyingTo: { id: string; name: string } | null;
  /** null when deleted: only the placeholder is shown. */
  bodyHtml: string | null;
  status: 'PENDING' | 'PUBLISHED' | 'REJECTED';
  deleted: boolean;
  editedAt: string | null;
  createdAt: string;
  quotedParagraphId: string | null;
  featured: boolean;
  /** Why a moderator removed it: shown to its author only. */
  removal: { reason: string; note: string | null; appeal: 'NONE' | 'OPEN' | 'UPHELD' | 'OVERTURNED' } | null;
  insightfulCount: number;
  replyCount: number;
  viewerFoundInsightful: boolean;
  isOwn: boolean;
  canEdit: boolean;
  /** The Markdown source, for the author's edit box while editing is allowed. */
  editableBody: string | null;
  canDelete: boolean;
  canReact: boolean;
};

const nameOf = (author: { name: string; deletedAt: Date | null }) => (author.deletedAt ? DELETED_USER_NAME : author.name);

export function toCommentView(row: CommentRow, viewer: Viewer, reactedIds: ReadonlySet<string>, now = Date.now()): CommentView {
  const isOwn = viewer?.id === row.authorId;
  const deleted = row.deletedAt !== null;
  const withinEditWindow = now - row.createdAt.getTime() < EDIT_WINDOW_MINUTES * 60_000;
  const capped = row.replyTo && row.replyTo.id !== row.displayParentId;
  const allowed = commentPermissions({ signedIn: viewer !== null, isOwn, deleted, published: row.status === 'PUBLISHED', editable: withinEditWindow });
  return {
    id: row.id,
    rootId: row.rootId,
    displayParentId: row.displayParentId,
    depth: row.depth,
    authorName: deleted ? DELETED_USER_NAME : nameOf(row.author),
    authorBadge: row.author.deletedAt ? null : row.author.role === 'ADMIN' ? 'Staff' : row.author.role === 'MODERATOR' ? 'Moderator' : null,
    replyingTo: capped && row.replyTo ? { id: row.replyTo.id, name: row.replyTo.deletedAt ? 'a deleted comment' : nameOf(row.replyTo.author) } : null,
    bodyHtml: deleted || row.author.deletedAt ? null : row.bodyHtml,
    status: row.status,
    deleted: deleted || row.author.deletedAt !== null,
    editedAt: row.editedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    quotedParagraphId: row.quotedParagraphId,
    featured: row.featuredAt !== null,
    removal:
      isOwn && row.status === 'REJECTED' && row.rejectionReason
        ? { reason: row.rejectionReason, note: row.rejectionNote, appeal: row.appeal?.status ?? 'NONE' }
        : null,
    insightfulCount: row.insightfulCount,
    replyCount: row.replyCount,
    viewerFoundInsightful: reactedIds.has(row.id),
    isOwn,
    ...allowed,
    editableBody: allowed.canEdit ? row.body : null,
  };
}
