import { getPublishedArticle } from '@/lib/articles/get-published-article';
import { privateCacheHeaders, sharedCacheHeaders } from '@/lib/cache/shared-cache-headers';
import { listThreadPageForViewer } from '@/lib/comments/list-thread-for-viewer';
import { threadQuerySchema } from '@/lib/comments/schema';
import { errorResponse } from '@/lib/errors';

/**
 * GET /api/articles/<slug>/comments?sort=best|newest|oldest|featured&cursor=<from nextCursor>
 * The public JSON API: the same pages and visibility rules as the thread.
 * Anonymous answers may be shared by caches; a signed-in reader's never are.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const article = await getPublishedArticle((await params).slug);
  if (!article) return Response.json({ error: 'NOT_FOUND', message: 'No such article.' }, { status: 404, headers: privateCacheHeaders });
  const url = new URL(request.url);
  const query = threadQuerySchema.parse({ sort: url.searchParams.get('sort') ?? undefined, cursor: url.searchParams.get('cursor') ?? undefined });
  try {
    const { page, shared, tags } = await listThreadPageForViewer({ article, ...query });
    return Response.json(
      { article: { slug: article.slug, commentCount: article.commentCount }, sort: query.sort, ...page },
      { headers: shared ? sharedCacheHeaders(tags) : privateCacheHeaders },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
