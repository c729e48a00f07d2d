// The cache tags of what readers see. Every cached piece of data and every
// cached page carries the tags of the data it shows; every command in lib/
// that changes that data expires them (lib/cache/expire-cache-tags.ts).
export const articlesTag = 'articles';
/** The front page's list (titles and comment counts). */
export const articleListTag = 'article-list';
/** One article: its text, comment count, thread, quote counts and moderation ledger. */
export const articleTag = (slug: string) => `article:${slug}`;
/** The site's moderation settings (article pages show whether their thread is closed). */
export const policyTag = 'moderation-policy';

/** What a change to an article's discussion makes stale: the article's page and the front page's counts. */
export const threadChangeTags = (slug: string) => [articleTag(slug), articleListTag];

/**
 * How long cached article data and pages live (seconds; cacheLife). Every
 * change expires its tags at once on every instance, so the lifetimes only
 * bound staleness when an instance missed an expiry (its LISTEN connection
 * was down). Anonymous pages are sent with
 * `Cache-Control: s-maxage=300, stale-while-revalidate=3300` from these.
 * `stale` is how long a browser's router may reuse a page it prefetched;
 * below 30 s Next.js stops prefetching it.
 */
export const articleCacheLife = { stale: 30, revalidate: 300, expire: 3600 } as const;
