import 'server-only';
import { threadChangeTags } from '@/lib/articles/cache-tags';
import { expireCacheTags } from '@/lib/cache/expire-cache-tags';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { db } from '@/lib/db';
import { DomainError } from '@/lib/errors';
import type { PreModeration } from '@/lib/generated/prisma/client';
import { recordAudit } from './record-audit';

export type ArticleDecision = { kind: 'close' } | { kind: 'reopen' } | { kind: 'pre-moderation'; mode: PreModeration | null };

/** Close or reopen an article's comments, or set its own pre-moderation (null follows the site). */
export async function moderateArticleAs(actor: CurrentUser | null, articleId: string, decision: ArticleDecision) {
  const moderator = authorize(actor, 'moderate');
  const result = await db.$transaction(async (tx) => {
    const before = await tx.article.findUnique({ where: { id: articleId }, select: { slug: true, commentsClosedAt: true, preModeration: true } });
    if (!before) throw new DomainError('NOT_FOUND', 'That article does not exist.');
    const data =
      decision.kind === 'close'
        ? { commentsClosedAt: before.commentsClosedAt ?? new Date() }
        : decision.kind === 'reopen'
          ? { commentsClosedAt: null }
          : { preModeration: decision.mode };
    const after = await tx.article.update({ where: { id: articleId }, data, select: { commentsClosedAt: true, preModeration: true } });
    await recordAudit(tx, {
      action: decision.kind === 'close' ? 'ARTICLE_CLOSED' : decision.kind === 'reopen' ? 'ARTICLE_REOPENED' : 'ARTICLE_PREMODERATION_SET',
      actorId: moderator.id,
      targetType: 'article',
      targetId: articleId,
      articleId,
      before: { closed: before.commentsClosedAt !== null, preModeration: before.preModeration },
      after: { closed: after.commentsClosedAt !== null, preModeration: after.preModeration },
    });
    return { articleSlug: before.slug, changedForReaders: decision.kind !== 'pre-moderation' };
  });
  // Closing or reopening shows on the article; its own pre-moderation does not.
  if (result.changedForReaders) await expireCacheTags(threadChangeTags(result.articleSlug));
  return { articleSlug: result.articleSlug };
}

export const moderateArticle = withCurrentUser(moderateArticleAs);
