import 'server-only';
import { threadChangeTags } from '@/lib/articles/cache-tags';
import { expireCacheTags } from '@/lib/cache/expire-cache-tags';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { articleBodySchema, paragraphsOf } from '@/lib/articles/article-body';
import { db } from '@/lib/db';
import { requestAgeMs } from '@/lib/database-unavailable';
import { DomainError, parseInput, tooBusyError } from '@/lib/errors';
import { Prisma } from '@/lib/generated/prisma/client';
import { initialCommentStatus } from '@/lib/moderation/initial-comment-status';
import { getModerationPolicy, threadClosed } from '@/lib/moderation/policy';
import { notifyCommentPublished } from '@/lib/notifications/create-notifications';
import { resolveMentionLinks } from '@/lib/notifications/resolve-mentions';
import { notifyCommentEvent } from './comment-events';
import { shiftPublicCounts } from './shift-public-counts';
import { limitCommentPosting } from './comment-rate-limits';
import { commentViewSelect, toCommentView, type CommentRow, type CommentView } from './comment-view';
import { getCommentViewAs } from './get-comment-view';
import { viewerOf } from './load-article-thread';
import { renderCommentMarkdown } from './render-comment-markdown';
import { postCommentSchema, type PostCommentInput } from './schema';

const MAX_DEPTH = 3;
const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;
/**
 * A post whose request already took this long before its transaction is
 * refused as too busy (503, Retry-After) instead: the transaction (its locks,
 * up to 5 s) would carry it past the 10 s a reader waits (issue 14).
 */
const LATE_FOR_TRANSACTION_MS = 4_000;

export type PostedComment = {
  id: string;
  status: 'PENDING' | 'PUBLISHED' | 'REJECTED';
  articleSlug: string;
  replayed: boolean;
  /** The comment as its author now sees it in the thread (null only if it went since). */
  view: CommentView | null;
};

// The new row's own columns; its relations are known without reading them back
// (no appeal yet; the author is the poster; the parent was read to place it).
const { appeal: _appeal, author: _author, replyTo: _replyTo, ...commentViewColumns } = commentViewSelect;

/** Thrown inside the transaction when the idempotency key was already used: roll back, answer with that comment. */
class AlreadyPosted extends Error {
  constructor(readonly comment: { id: string; status: PostedComment['status'] }) {
    super('already posted');
  }
}

async function placement(tx: Prisma.TransactionClient, articleId: string, replyToId: string | undefined) {
  if (!replyToId) return { position: { rootId: null, displayParentId: null, depth: 1 }, replyTo: null };
  const parent = await tx.comment.findFirst({
    where: { id: replyToId, articleId },
    select: { id: true, rootId: true, displayParentId: true, depth: true, status: true, deletedAt: true, author: { select: { name: true, deletedAt: true } } },
  });
  if (!parent || parent.status !== 'PUBLISHED') throw new DomainError('NOT_FOUND', 'The comment you are replying to is not available any more. Your text is kept.');
  if (parent.deletedAt) throw new DomainError('CONFLICT', 'The comment you are replying to was deleted. Your text is kept: post it as a new comment instead.');
  // Replies nest to depth 3; a reply to a depth-3 comment sits beside it, marked "replying to".
  const position =
    parent.depth >= MAX_DEPTH
      ? { rootId: parent.rootId, displayParentId: parent.displayParentId, depth: MAX_DEPTH }
      : { rootId: parent.rootId ?? parent.id, displayParentId: parent.id, depth: parent.depth + 1 };
  const replyTo: CommentRow['replyTo'] = { id: parent.id, displayParentId: parent.displayParentId, deletedAt: parent.deletedAt, author: parent.author };
  return { position, replyTo };
}

/**
 * Posts a comment or reply for the signed-in reader. Everything is checked
 * here, whatever the form allowed: standing, open thread, reply target, quoted
 * passage, rate limits, duplicate text. A repeated submission (same
 * idempotency key) returns the comment it already made.
 */
export async function postCommentAs(actor: CurrentUser | null, rawInput: PostCommentInput): Promise<PostedComment> {
  const user = authorize(actor, 'post');
  const input = parseInput(postCommentSchema, rawInput);
  const article = await db.article.findFirst({
    where: { id: input.articleId, status: 'PUBLISHED' },
    // The body (the whole article) only to check a quoted passage.
    select: { id: true, slug: true, body: input.quotedParagraphId !== undefined, commentsClosedAt: true, createdAt: true, publishedAt: true, preModeration: true },
  });
  if (!article) throw new DomainError('NOT_FOUND', 'That article does not exist.');
  // A repeated submission is found inside the transaction (one read with the
  // duplicate-text check), not before it: the first post is what every post
  // pays for, the repeat is rare.
  const replayed = async (comment: { id: string; status: PostedComment['status'] }): Promise<PostedComment> => ({
    ...comment,
    articleSlug: article.slug,
    replayed: true,
    view: await getCommentViewAs(user, comment.id),
  });

  const policy = await getModerationPolicy();
  if (threadClosed(article, policy)) throw new DomainError('FORBIDDEN', 'Comments are closed on this article.');
  if (policy.requireVerifiedEmail && !user.emailVerified) {
    throw new DomainError(
      'EMAIL_NOT_VERIFIED',
      `This site asks commenters to verify their email address first. Open the link we sent to ${user.email}, or send a new one. Your text is kept.`,
    );
  }
  if (input.quotedParagraphId && !paragraphsOf(articleBodySchema.parse(article.body)).some((p) => p.id === input.quotedParagraphId)) {
    throw new DomainError('INVALID_INPUT', 'The passage you quoted is no longer in the article. Your text is kept.');
  }
  const status = await initialCommentStatus(db, {
    body: input.body,
    author: { id: user.id, moderationMode: user.moderationMode },
    articlePreModeration: article.preModeration,
    policy,
  });
  const bodyHtml = renderCommentMarkdown(input.body, await resolveMentionLinks(article, input.body));
  if (requestAgeMs() > LATE_FOR_TRANSACTION_MS) throw tooBusyError();

  try {
    const comment = await db.$transaction(async (tx) => {
      // Takes the author's rate-limit row lock first: two submissions of one
      // form queue here, and the second finds the first's comment below.
      await limitCommentPosting(tx, user).catch(async (error: unknown) => {
        const posted = await tx.comment.findUnique({
          where: { authorId_idempotencyKey: { authorId: user.id, idempotencyKey: input.idempotencyKey } },
          select: { id: true, status: true },
        });
        throw posted ? new AlreadyPosted(posted) : error;
      });
      // One read for both: this submission's comment, or the same text posted lately.
      const earlier = await tx.comment.findMany({
        where: {
          authorId: user.id,
          OR: [{ idempotencyKey: input.idempotencyKey }, { body: input.body, deletedAt: null, createdAt: { gt: new Date(Date.now() - DUPLICATE_WINDOW_MS) } }],
        },
        select: { id: true, status: true, idempotencyKey: true },
        take: 2,
      });
      const replay = earlier.find((comment) => comment.idempotencyKey === input.idempotencyKey);
      if (replay) throw new AlreadyPosted({ id: replay.id, status: replay.status });
      if (earlier.length > 0) {
        throw new DomainError('CONFLICT', 'You posted this same text a few minutes ago. Edit it to add something new, or wait 10 minutes.', {
          fieldErrors: { body: ['You already posted this exact text in the last 10 minutes.'] },
        });
      }

      const { position, replyTo } = await placement(tx, article.id, input.replyToId);
      const created = await tx.comment.create({
        data: {
          articleId: article.id,
          authorId: user.id,
          replyToId: input.replyToId ?? null,
          ...position,
          body: input.body,
          bodyHtml,
          status,
          quotedParagraphId: input.quotedParagraphId ?? null,
          idempotencyKey: input.idempotencyKey,
        },
        select: commentViewColumns,
      });
      const published = status === 'PUBLISHED';
      // Held comments notify nobody until a moderator approves them (lib/moderation/moderate-comment.ts).
      if (published) {
        await notifyCommentPublished(tx, { id: created.id, articleId: article.id, authorId: user.id, replyToId: input.replyToId ?? null, body: input.body });
      }
      // Last, just before the commit: the article's row lock, which every post
      // to the article waits for, is held for two statements only (issue 14: a
      // burst of posts after the database came back queued behind it past 10 s).
      const commentCount = await shiftPublicCounts(tx, { articleId: article.id, rootId: position.rootId }, published ? 1 : 0);
      await notifyCommentEvent(tx, {
        articleId: article.id,
        commentId: created.id,
        kind: 'created',
        authorId: user.id,
        wasPublic: false,
        isPublic: published,
        commentCount,
      });
      return { ...created, appeal: null, author: { name: user.name, role: user.role, deletedAt: null }, replyTo };
    });
    // A held comment changes nothing the public sees until it is approved.
    if (comment.status === 'PUBLISHED') await expireCacheTags(threadChangeTags(article.slug));
    return { id: comment.id, status: comment.status, articleSlug: article.slug, replayed: false, view: toCommentView(comment, viewerOf(user), new Set()) };
  } catch (error) {
    if (error instanceof AlreadyPosted) return replayed(error.comment);
    // Two submissions that raced past every check: the unique key let one in.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const posted = await db.comment.findUniqueOrThrow({
        where: { authorId_idempotencyKey: { authorId: user.id, idempotencyKey: input.idempotencyKey } },
        select: { id: true, status: true },
      });
      return replayed(posted);
    }
    throw error;
  }
}

/** The composer's command: post as whoever is signed in. */
export const postComment = withCurrentUser(postCommentAs);
