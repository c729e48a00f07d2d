import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { cache } from 'react';
import { ArticleBody } from '@/components/articles/article-body';
import { ArticleMeta, formatCommentCount } from '@/components/articles/article-meta';
import { TableOfContents } from '@/components/articles/table-of-contents';
import { JsonLd } from '@/components/site/json-ld';
import { getPublishedArticle } from '@/lib/articles/get-published-article';
import { articleSlugSchema } from '@/lib/articles/schema';
import { newsArticleJsonLd } from '@/lib/articles/news-article-json-ld';
import { absoluteUrl, articlePath, siteName } from '@/lib/site';

type ArticlePageProps = { params: Promise<{ slug: string }> };

const loadArticle = cache(async (rawSlug: string) => {
  const slug = articleSlugSchema.safeParse(rawSlug);
  return slug.success ? getPublishedArticle(slug.data) : null;
});

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

export default async function ArticlePage({ params }: ArticlePageProps) {
  await connection();
  const article = await loadArticle((await params).slug);
  if (!article) notFound();

  return (
    <>
      <JsonLd data={newsArticleJsonLd(article)} />
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
        <ArticleBody body={article.body} />
      </article>
      <section id="comments" className="comments-placeholder" aria-labelledby="comments-heading">
        <h2 id="comments-heading">{formatCommentCount(article.commentCount)}</h2>
        <p>The discussion for this article opens here.</p>
      </section>
    </>
  );
}
