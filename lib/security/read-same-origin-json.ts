import { DomainError } from '@/lib/errors';
import { readLimitedBody } from './read-limited-body';

/** The host a request was sent to, as Next.js's own server action check reads it (the proxy's X-Forwarded-Host first). */
function requestedHost(request: Request): string | null {
  const forwarded = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim();
  return forwarded || request.headers.get('host');
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * The JSON body of a POST the site's own script sent (the enhanced composer:
 * app/api/comments). Server actions get Next.js's origin check; a route
 * handler gets none, so it is made here, the same way: a browser's request
 * from another site (its Origin, or Sec-Fetch-Site) is refused. Only
 * application/json is read, which a page on another site cannot send without
 * a CORS preflight this site never answers. At most `maxBytes` are read.
 */
export async function readSameOriginJson(request: Request, maxBytes: number): Promise<unknown> {
  const fetchSite = request.headers.get('sec-fetch-site');
  const origin = request.headers.get('origin');
  if ((fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') || (origin && hostOf(origin) !== requestedHost(request))) {
    throw new DomainError('FORBIDDEN', 'This request came from another site. Post from the article page itself.');
  }
  if (!/^application\/json\s*(;|$)/i.test(request.headers.get('content-type') ?? '')) {
    throw new DomainError('INVALID_INPUT', 'Send this request as JSON (Content-Type: application/json).');
  }
  const text = await readLimitedBody(request, maxBytes);
  if (text === null) throw new DomainError('TOO_LARGE', `This request is larger than the ${Math.floor(maxBytes / 1024)} kB it may be.`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DomainError('INVALID_INPUT', 'The request body is not valid JSON.');
  }
}
