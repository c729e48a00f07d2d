// Tags for Next's data cache. Anything that changes an article (or its comment
// count) revalidates these so cached pages never serve it stale for long.
export const articlesTag = 'articles';
/** The front page's list (titles and comment counts). */
export const articleListTag = 'article-list';
export const articleTag = (slug: string) => `article:${slug}`;
/** The site's moderation settings (article pages show whether their thread is closed). */
export const policyTag = 'moderation-policy';

/** How long cached article data may be served before it is read again (seconds). */
export const articleCacheSeconds = 300;

/**
 * How long a cached anonymous thread page may be served. Every change drops it
 * at once on every instance (lib/cache); the lifetime only bounds staleness if
 * an instance missed the broadcast (its LISTEN connection was down).
 */
export const threadCacheSeconds = 300;
