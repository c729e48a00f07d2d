import 'server-only';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { db } from '@/lib/db';

/** Articles with their comment settings, for the console's filter and settings page. */
export async function listModeratedArticlesAs(actor: CurrentUser | null) {
  authorize(actor, 'moderate');
  return db.article.findMany({
    orderBy: { createdAt: 'desc' },
    take: 500,
    select: { id: true, slug: true, title: true, commentsClosedAt: true, preModeration: true, commentCount: true },
  });
}

export const listModeratedArticles = withCurrentUser(listModeratedArticlesAs);
