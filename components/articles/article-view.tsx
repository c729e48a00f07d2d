import type { PublishedArticle } from '@/lib/articles/get-published-article';
import { newsArticleJsonLd } from '@/lib/articles/news-article-json-ld';
import type { ArticleThread } from '@/lib/comments/load-article-thread';
import type { ThreadSort } from '@/lib/comments/schema';
import { CommentThread } from '@/components/comments/comment-thread';
import { QuoteSelection } from '@/components/comments/quote-selection';
import { JsonLd } from '@/components/site/json-ld';
import { ArticleBody } from './article-body';
import { ArticleMeta } from './article-meta';
import { TableOfContents } from './table-of-contents';

export type ArticleViewProps = {
  article: PublishedArticle;
  thread: ArticleThread;
  sort: ThreadSort;
  cursor?: string;
  /** A signed-in reader's page: whether they follow the thread (the cached anonymous page leaves it out). */
  following?: boolean;
};

/** An article with its discussion: the same page for the cached anonymous view and a signed-in reader's. */
export function ArticleView({ article, thread, sort, cursor, following }: ArticleViewProps) {
  return (
    <>
      <JsonLd
        data={newsArticleJsonLd(
          article,
          thread.page.items.map((item) => item.comment),
        )}
      />
      <article className="article-layout" aria-labelledby="article-title">
        <header className="article-header">
          <h1 id="article-title">{article.title}</h1>
          <p className="article-summary">{article.summary}</p>
          <ArticleMeta readingMinutes={article.readingMinutes} commentCount={article.commentCount} publishedAt={article.publishedAt} commentsHref="#comments" />
        </header>
        <TableOfContents sections={article.body.sections} />
        <ArticleBody body={article.body} quoteCounts={thread.quoteCounts} />
      </article>
      <QuoteSelection />
      <CommentThread article={article} thread={thread} sort={sort} cursor={cursor} following={following} />
    </>
  );
}
