// npm run article:import -- path/to/article.md [--replace]
import { importArticleFile } from '@/lib/articles/seed-articles';
import { stopTagExpiry } from '@/lib/cache/tag-expiry.mjs';
import { db } from '@/lib/db';

const args = process.argv.slice(2);
const file = args.find((arg) => !arg.startsWith('--'));

if (!file) {
  console.error('Give the Markdown file to import: npm run article:import -- path/to/article.md [--replace]');
  process.exit(1);
}

importArticleFile(file, { replace: args.includes('--replace') })
  .then(({ slug, outcome }) => {
    console.log(`${outcome} /articles/${slug}`);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => Promise.all([db.$disconnect(), stopTagExpiry()]));
