import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { cache } from 'react';
import { ArticleBody } from '@/components/articles/article-body';
import { ArticleMeta } from '@/components/articles/article-meta';
import { TableOfContents } from '@/components/articles/table-of-contents';
import { CommentThread } from '@/components/comments/comment-thread';
import { QuoteSelection } from '@/components/comments/quote-selection';
import { JsonLd } from '@/components/site/json-ld';
import { getPublishedArticle } from '@/lib/articles/get-published-article';
import { newsArticleJsonLd } from '@/lib/articles/news-article-json-ld';
import { articleSlugSchema } from '@/lib/articles/schema';
import { loadArticleThread } from '@/lib/comments/load-article-thread';
import { linkedCommentIdSchema, threadQuerySchema } from '@/lib/comments/schema';
import { absoluteUrl, articlePath, siteName } from '@/lib/site';

type ArticlePageProps = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ sort?: string; cursor?: string; comment?: string; quoted?: string }>;
};

const loadArticle = cache(async (rawSlug: string) => {
  const slug = articleSlugSchema.safeParse(rawSlug);
  return slug.success ? getPublishedArticle(slug.data) : null;
});

const anchor = /^[a-z0-9-]{1,200}$/;

export async function generateMetadata({ params }: ArticlePageProps): Promise<Metadata> {
  await connection();
  const article = await loadArticle((await params).slug);
  if (!article) return { title: 'Article not found' };
  const url = absoluteUrl(articlePath(article.slug));
  return {
    title: article.title,
    description: article.summary,
    alternates: { canonical: url },
    openGraph: {
      type: 'article',
      url,
      siteName,
      title: article.title,
      description: article.summary,
      ...(article.publishedAt && { publishedTime: article.publishedAt }),
      modifiedTime: article.updatedAt,
    },
    twitter: { card: 'summary', title: article.title, description: article.summary },
  };
}

export default async function ArticlePage({ params, searchParams }: ArticlePageProps) {
  await connection();
  const article = await loadArticle((await params).slug);
  if (!article) notFound();
  const query = await searchParams;
  const { sort, cursor } = threadQuerySchema.parse({ sort: query.sort, cursor: query.cursor });
  const thread = await loadArticleThread({
    article,
    sort,
    cursor,
    linkedCommentId: linkedCommentIdSchema.parse(query.comment),
    quotedParagraphId: query.quoted && anchor.test(query.quoted) ? query.quoted : undefined,
  });
  const jsonLdComments = thread.page.items
    .map((item) => item.comment)
    .filter((comment) => comment.status === 'PUBLISHED' && comment.bodyHtml)
    .map((comment) => ({
      id: comment.id,
      authorName: comment.authorName,
      text: (comment.bodyHtml ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim(),
      createdAt: comment.createdAt,
    }));

  return (
    <>
      <JsonLd data={newsArticleJsonLd(article, jsonLdComments)} />
      <article className="article-layout" aria-labelledby="article-title">
        <header className="article-header">
          <h1 id="article-title">{article.title}</h1>
          <p className="article-summary">{article.summary}</p>
          <ArticleMeta
            readingMinutes={article.readingMinutes}
            commentCount={article.commentCount}
            publishedAt={article.publishedAt}
            commentsHref="#comments"
          />
        </header>
        <TableOfContents sections={article.body.sections} />
        <ArticleBody body={article.body} quoteCounts={thread.quoteCounts} />
      </article>
      <QuoteSelection />
      <CommentThread article={article} thread={thread} sort={sort} cursor={cursor} />
    </>
  );
}
