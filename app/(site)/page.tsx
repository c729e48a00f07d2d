import { connection } from 'next/server';
import { ArticleList } from '@/components/articles/article-list';
import { listPublishedArticles } from '@/lib/articles/list-published-articles';
import { absoluteUrl } from '@/lib/site';

export function generateMetadata() {
  return { alternates: { canonical: absoluteUrl('/') } };
}

/** The front page for a signed-in reader (anonymous readers get app/(public)/cached/[listing]). */
export default async function HomePage() {
  // Per request, like every (site) page; and never at build time, which has no database.
  await connection();
  return <ArticleList articles={await listPublishedArticles()} />;
}
