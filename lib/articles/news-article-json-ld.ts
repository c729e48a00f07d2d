import { absoluteUrl, articlePath, siteName } from '@/lib/site';
import type { PublishedArticle } from './get-published-article';

/** The fields of a shown comment that JSON-LD uses. */
export type JsonLdComment = { id: string; authorName: string; bodyHtml: string | null; status: string; createdAt: string };

/**
 * schema.org NewsArticle for search engines. No author or publication date is
 * claimed unless the content states one.
 */
export function newsArticleJsonLd(article: PublishedArticle, shownComments: JsonLdComment[] = []): Record<string, unknown> {
  const url = absoluteUrl(articlePath(article.slug));
  // Published comments only, as text: no markup, nothing held for moderation.
  const comments = shownComments
    .filter((comment) => comment.status === 'PUBLISHED' && comment.bodyHtml)
    .map((comment) => ({
      ...comment,
      text: (comment.bodyHtml ?? '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    }));
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.title,
    description: article.summary,
    url,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    articleSection: article.body.sections.map((section) => section.title),
    wordCount: article.wordCount,
    ...(article.publishedAt && { datePublished: article.publishedAt }),
    dateModified: article.updatedAt,
    publisher: { '@type': 'Organization', name: siteName, url: absoluteUrl('/') },
    commentCount: article.commentCount,
    discussionUrl: `${url}#comments`,
    ...(comments.length > 0 && {
      comment: comments.map((comment) => ({
        '@type': 'Comment',
        url: `${url}#comment-${comment.id}`,
        text: comment.text,
        dateCreated: comment.createdAt,
        author: { '@type': 'Person', name: comment.authorName },
      })),
    }),
  };
}
