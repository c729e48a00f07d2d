// npm run article:import -- path/to/article.md [--replace]
import { articleListTag, articleTag } from '@/lib/articles/cache-tags';
import { importArticleFile } from '@/lib/articles/seed-articles';
import { broadcastCacheInvalidation } from '@/lib/cache/cache-invalidation';
import { db } from '@/lib/db';

const args = process.argv.slice(2);
const file = args.find((arg) => !arg.startsWith('--'));

if (!file) {
  console.error('Give the Markdown file to import: npm run article:import -- path/to/article.md [--replace]');
  process.exit(1);
}

importArticleFile(file, { replace: args.includes('--replace') })
  .then(async ({ slug, outcome }) => {
    console.log(`${outcome} /articles/${slug}`);
    // Running app instances drop their cached copies (the front page lists the new article).
    if (outcome !== 'unchanged') await broadcastCacheInvalidation([articleTag(slug), articleListTag]);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
