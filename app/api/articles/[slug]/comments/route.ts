import { getPublishedArticle } from '@/lib/articles/get-published-article';
import { articleSlugSchema } from '@/lib/articles/schema';
import { listThreadPageForViewer } from '@/lib/comments/list-thread-for-viewer';
import { threadQuerySchema } from '@/lib/comments/schema';

export const dynamic = 'force-dynamic';

/**
 * GET /api/articles/<slug>/comments?sort=best|newest|oldest&cursor=<from nextCursor>
 * The public JSON API: the same pages and visibility rules as the thread.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const slug = articleSlugSchema.safeParse((await params).slug);
  const article = slug.success ? await getPublishedArticle(slug.data) : null;
  if (!article) return Response.json({ error: 'NOT_FOUND', message: 'No such article.' }, { status: 404 });
  const url = new URL(request.url);
  const query = threadQuerySchema.parse({ sort: url.searchParams.get('sort') ?? undefined, cursor: url.searchParams.get('cursor') ?? undefined });
  const page = await listThreadPageForViewer({ articleId: article.id, ...query });
  return Response.json(
    { article: { slug: article.slug, commentCount: article.commentCount }, sort: query.sort, ...page },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}
