// npm run db:seed — load content/articles/*.md into the database (idempotent).
import { articleListTag, articleTag } from '@/lib/articles/cache-tags';
import { seedArticles } from '@/lib/articles/seed-articles';
import { broadcastCacheInvalidation } from '@/lib/cache/cache-invalidation';
import { db } from '@/lib/db';

seedArticles()
  .then(async (results) => {
    for (const { slug, outcome } of results) console.log(`${outcome.padEnd(9)} ${slug}`);
    // Running app instances drop their cached copies of what changed.
    const changed = results.filter((result) => result.outcome !== 'unchanged').map((result) => articleTag(result.slug));
    if (changed.length) await broadcastCacheInvalidation([...changed, articleListTag]);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
