import { getPublishedArticle } from '@/lib/articles/get-published-article';
import { openCommentEventStream } from '@/lib/comments/open-comment-event-stream';

/** Server-Sent Events: the article's comment activity, live, as the public may see it. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const article = await getPublishedArticle((await params).slug);
  if (!article) return Response.json({ error: 'NOT_FOUND', message: 'No such article.' }, { status: 404 });
  return new Response(await openCommentEventStream(article.id, request.signal), {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    },
  });
}
