import { notFound } from 'next/navigation';
import { ArticleList } from '@/components/articles/article-list';
import { listPublishedArticles } from '@/lib/articles/list-published-articles';
import { absoluteUrl } from '@/lib/site';

// The front page as anonymous readers see it (next.config.js rewrites a
// cookie-less "/" to /cached/latest). A route parameter rather than a fixed
// path so that Next.js renders it on the first request, not during
// `next build`, which has no database to read (Docker builds have none).
type CachedListingPageProps = { params: Promise<{ listing: string }> };

/** A placeholder that is no listing: see app/(public)/cached/articles/[slug]/[sort]/page.tsx. */
export function generateStaticParams() {
  return [{ listing: '_' }];
}

export function generateMetadata() {
  return { alternates: { canonical: absoluteUrl('/') } };
}

export default async function CachedListingPage({ params }: CachedListingPageProps) {
  if ((await params).listing !== 'latest') notFound();
  return <ArticleList articles={await listPublishedArticles()} />;
}
