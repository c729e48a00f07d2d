import type { ArticleListItem } from '@/lib/articles/list-published-articles';
import { ArticleCard } from './article-card';

export type ArticleListProps = { articles: ArticleListItem[] };

/** The front page: the latest articles, newest first. */
export function ArticleList({ articles }: ArticleListProps) {
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
