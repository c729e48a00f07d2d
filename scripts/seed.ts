// npm run db:seed — load content/articles/*.md into the database (idempotent).
import { seedArticles } from '@/lib/articles/seed-articles';
import { stopTagExpiry } from '@/lib/cache/tag-expiry.mjs';
import { db } from '@/lib/db';

seedArticles()
  .then((results) => {
    for (const { slug, outcome } of results) console.log(`${outcome.padEnd(9)} ${slug}`);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => Promise.all([db.$disconnect(), stopTagExpiry()]));
