import { connection } from 'next/server';
import { ArticleCard } from '@/components/articles/article-card';
import { listPublishedArticles } from '@/lib/articles/list-published-articles';
import { absoluteUrl } from '@/lib/site';

export const metadata = { alternates: { canonical: absoluteUrl('/') } };

export default async function HomePage() {
  // Rendered per request (never at build time, which has no database); the
  // list itself comes from Next's data cache.
  await connection();
  const articles = await listPublishedArticles();
  return (
    <>
      <h1 className="page-heading">Latest analysis</h1>
      {articles.length === 0 ? (
        <p>No articles are published yet.</p>
      ) : (
        <ul className="article-list">
          {articles.map((article) => (
            <li key={article.slug}>
              <ArticleCard article={article} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
