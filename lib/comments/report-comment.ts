import 'server-only';
import type { z } from 'zod';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import { Prisma } from '@/lib/generated/prisma/client';
import type { reportCommentSchema } from './schema';

/** A reader reports a comment to the moderators, once per comment. */
export async function reportCommentAs(actor: CurrentUser | null, input: z.infer<typeof reportCommentSchema>) {
  // Suspended readers may still tell moderators about abuse.
  const user = authorize(actor, 'read-own-account');
  const comment = await db.comment.findUnique({ where: { id: input.commentId }, select: { authorId: true, deletedAt: true } });
  if (!comment || comment.deletedAt) throw new DomainError('NOT_FOUND', 'That comment no longer exists.');
  if (comment.authorId === user.id) throw new DomainError('FORBIDDEN', 'You cannot report your own comment; you can edit or delete it.');
  try {
    await db.commentReport.create({
      data: { commentId: input.commentId, reporterId: user.id, reason: input.reason, note: input.note ?? null },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new DomainError('CONFLICT', 'You have already reported this comment. The moderators have it.');
    }
    throw error;
  }
}

export const reportComment = withCurrentUser(reportCommentAs);
