// Tags for Next's data cache. Anything that changes an article (or its comment
// count) revalidates these so cached pages never serve it stale for long.
export const articlesTag = 'articles';
/** The front page's list (titles and comment counts). */
export const articleListTag = 'article-list';
export const articleTag = (slug: string) => `article:${slug}`;

/** How long cached article data may be served before it is read again (seconds). */
export const articleCacheSeconds = 300;

/**
 * How long a cached anonymous thread page may be served. Changes made through
 * this instance drop it at once; with several instances, another instance's
 * cache catches up within this time (its readers see new comments live anyway).
 */
export const threadCacheSeconds = 30;
