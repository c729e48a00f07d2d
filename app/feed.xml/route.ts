import { listPublishedArticles } from '@/lib/articles/list-published-articles';
import { renderRssFeed } from '@/lib/articles/render-rss-feed';

export const dynamic = 'force-dynamic';

export async function GET() {
  return new Response(renderRssFeed(await listPublishedArticles()), {
    headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' },
  });
}
