import type { Metadata } from 'next';
import { absoluteUrl, articlePath, siteName } from '@/lib/site';
import type { PublishedArticle } from './get-published-article';

/** An article page's title, description, canonical URL and social cards. */
export function articleMetadata(article: PublishedArticle | null): Metadata {
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
