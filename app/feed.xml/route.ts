import { connection } from 'next/server';
import { listPublishedArticles } from '@/lib/articles/list-published-articles';
import { renderRssFeed } from '@/lib/articles/render-rss-feed';

export async function GET() {
  // Built per request from cached data: the build has no database to read.
  await connection();
  return new Response(renderRssFeed(await listPublishedArticles()), {
    headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' },
  });
}
