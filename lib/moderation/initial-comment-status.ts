import { DomainError } from '@/lib/errors';
import type { CommentStatus, PreModeration, Prisma, UserModerationMode } from '@/lib/generated/prisma/client';
import type { ModerationPolicy } from './policy';
import { findListedTerm } from './word-filter';

const linkPattern = /\bhttps?:\/\/|\bwww\.|\]\(|\bmailto:/i;

export type PostingContext = {
  body: string;
  author: { id: string; moderationMode: UserModerationMode };
  articlePreModeration: PreModeration | null;
  policy: ModerationPolicy;
};

/**
 * Whether a new comment is published at once or held for review, by the
 * site's policy, the article's override and the author's standing. A banned
 * word refuses the comment outright, with a message to its author.
 */
export async function initialCommentStatus(tx: Prisma.TransactionClient, context: PostingContext): Promise<CommentStatus> {
  const { body, author, policy } = context;
  const banned = findListedTerm(body, policy.bannedWords);
  if (banned) {
    throw new DomainError('INVALID_INPUT', `Your comment contains “${banned}”, which is not allowed here. Your text is kept: edit it and post again.`, {
      fieldErrors: { body: [`Remove “${banned}”: it is not allowed in comments here.`] },
    });
  }
  if (findListedTerm(body, policy.suspectWords)) return 'PENDING';
  if (author.moderationMode === 'PREMODERATE') return 'PENDING';
  if (author.moderationMode === 'TRUSTED') return 'PUBLISHED';

  const mode = context.articlePreModeration ?? policy.preModeration;
  if (mode === 'ALL') return 'PENDING';
  if (mode === 'LINKS') return linkPattern.test(body) ? 'PENDING' : 'PUBLISHED';
  if (mode === 'FIRST_COMMENTS') {
    const approved = await tx.comment.count({ where: { authorId: author.id, status: 'PUBLISHED' } });
    return approved < policy.firstCommentsThreshold ? 'PENDING' : 'PUBLISHED';
  }
  return 'PUBLISHED';
}
