import { privateCacheHeaders } from '@/lib/cache/shared-cache-headers';
import { errorResponse } from '@/lib/errors';
import { loadPageViewer } from '@/lib/viewer/load-page-viewer';
import { pageViewerQuerySchema } from '@/lib/viewer/schema';

/**
 * GET /api/viewer[?article=<slug>]: the signed-in reader's part of a shared
 * cached page (lib/viewer/load-page-viewer.ts). Asked for by the browser only
 * when the session hint cookie says a session may exist.
 */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const query = pageViewerQuerySchema.parse({ article: url.searchParams.get('article') ?? undefined });
  try {
    return Response.json(await loadPageViewer(query), { headers: privateCacheHeaders });
  } catch (error) {
    return errorResponse(error);
  }
}
