import Link from 'next/link';
import type { ArticleListItem } from '@/lib/articles/list-published-articles';
import { articlePath } from '@/lib/site';
import { ArticleMeta } from './article-meta';

export type ArticleCardProps = { article: ArticleListItem };

export function ArticleCard({ article }: ArticleCardProps) {
  return (
    <article className="article-card">
      <h2>
        <Link href={articlePath(article.slug)}>{article.title}</Link>
      </h2>
      <p>{article.summary}</p>
      <ArticleMeta readingMinutes={article.readingMinutes} commentCount={article.commentCount} publishedAt={article.publishedAt} />
    </article>
  );
}
