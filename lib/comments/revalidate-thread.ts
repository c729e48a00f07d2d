import 'server-only';
import { articleListTag, articleTag } from '@/lib/articles/cache-tags';
import { invalidateEverywhere, invalidateEverywhereWithoutRerender } from '@/lib/cache/invalidate-everywhere';

/**
 * Called by the thread's and the console's server actions after a change: the
 * article's cached data (comment count, first thread page, quote counts,
 * ledger) and the front page's counts are dropped on every instance.
 */
export async function revalidateThread(articleSlug: string): Promise<void> {
  await invalidateEverywhere([articleTag(articleSlug), articleListTag]);
}

/** After a new comment: the same, without re-rendering the poster's page (the composer shows the comment). */
export async function revalidateThreadAfterPost(articleSlug: string): Promise<void> {
  await invalidateEverywhereWithoutRerender([articleTag(articleSlug), articleListTag]);
}
