import { getPublishedArticle } from '@/lib/articles/get-published-article';
import { articleSlugSchema } from '@/lib/articles/schema';
import { openCommentEventStream } from '@/lib/comments/open-comment-event-stream';

export const dynamic = 'force-dynamic';

/** Server-Sent Events: the article's comment activity, live, as the public may see it. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const slug = articleSlugSchema.safeParse((await params).slug);
  const article = slug.success ? await getPublishedArticle(slug.data) : null;
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
