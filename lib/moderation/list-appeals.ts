import 'server-only';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { db } from '@/lib/db';

/** Open appeals, oldest first. */
export async function listAppealsAs(actor: CurrentUser | null) {
  authorize(actor, 'moderate');
  return db.appeal.findMany({
    where: { status: 'OPEN' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: 100,
    select: {
      id: true,
      message: true,
      createdAt: true,
      comment: {
        select: {
          id: true,
          bodyHtml: true,
          rejectionReason: true,
          rejectionNote: true,
          article: { select: { slug: true, title: true } },
          author: { select: { name: true } },
        },
      },
    },
  });
}

export const listAppeals = withCurrentUser(listAppealsAs);
