import 'server-only';
import { updateTag } from 'next/cache';
import { articleListTag, articleTag } from '@/lib/articles/cache-tags';

/**
 * Called by the thread's server actions after a change: this instance's cached
 * article data (comment count, first thread page, quote counts) is dropped, and
 * the next render, the writer's own included, reads fresh. Other instances pick
 * the change up within the cache lifetime; their live streams show it at once.
 */
export function revalidateThread(articleSlug: string): void {
  updateTag(articleTag(articleSlug));
  // The front page lists comment counts too.
  updateTag(articleListTag);
}
