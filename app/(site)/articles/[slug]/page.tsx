import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ArticleView } from '@/components/articles/article-view';
import { articleMetadata } from '@/lib/articles/article-metadata';
import { getPublishedArticle } from '@/lib/articles/get-published-article';
import { getCurrentUser } from '@/lib/auth/current-user';
import { loadArticleThread } from '@/lib/comments/load-article-thread';
import { isFollowingThread } from '@/lib/notifications/follow-thread';
import { articlePageQuerySchema } from '@/lib/comments/schema';

// A signed-in reader's view of an article, and anyone's later pages (?cursor=),
// linked threads (?comment=) and quoting comments (?quoted=). Anonymous readers
// of the first page get app/(public)/cached/articles/... (next.config.js).
type ArticlePageProps = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: ArticlePageProps): Promise<Metadata> {
  return articleMetadata(await getPublishedArticle((await params).slug));
}

export default async function ArticlePage({ params, searchParams }: ArticlePageProps) {
  const article = await getPublishedArticle((await params).slug);
  if (!article) notFound();
  const query = articlePageQuerySchema.parse(await searchParams);
  const user = await getCurrentUser();
  const [thread, following] = await Promise.all([
    loadArticleThread({
      article,
      sort: query.sort,
      cursor: query.cursor,
      linkedCommentId: query.comment,
      quotedParagraphId: query.quoted,
      user,
    }),
    // The reader's own part of the page (this page is theirs, never the cached anonymous one).
    user ? isFollowingThread(user.id, article.id) : undefined,
  ]);
  return <ArticleView article={article} thread={thread} sort={query.sort} cursor={query.cursor} following={following} />;
}
