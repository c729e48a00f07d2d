import { logFor } from '@/lib/log';
import { onTagsExpired } from './tag-expiry.mjs';

/**
 * Tells a CDN in front of Parley which cached pages to drop: every time this
 * instance expires cache tags (it made a change), one POST of
 * `{ "tags": [...] }` to `url`, with `Authorization: Bearer <token>` when one
 * is set. Only the instance that made the change sends it, so N instances
 * make one purge, not N. A failed purge is logged: the CDN's copy then lives
 * out its s-maxage (lib/articles/cache-tags.ts). Most CDNs purge by the tags
 * pages carry in Cache-Tag / Surrogate-Key through a small adapter (a worker
 * or function) that receives this request.
 */
export function startCdnPurge({ url, token, timeoutMs = 5000 }: { url: string; token?: string; timeoutMs?: number }): () => void {
  return onTagsExpired((tags, source) => {
    if (source !== 'here' || !Array.isArray(tags)) return;
    fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token && { Authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ tags }),
      signal: AbortSignal.timeout(timeoutMs),
    }).then(
      (response) => {
        if (!response.ok) logFor('cache').warn({ event: 'cache.cdn_purge.refused', status: response.status, tags });
      },
      (error: unknown) => logFor('cache').warn({ event: 'cache.cdn_purge.failed', error: error instanceof Error ? error.message : String(error), tags }),
    );
  });
}
