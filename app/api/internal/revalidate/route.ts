import { revalidateTag } from 'next/cache';
import { verifyInvalidation } from '@/lib/cache/cache-invalidation';
import { z } from 'zod';

export const dynamic = 'force-dynamic';

const bodySchema = z.object({ tags: z.array(z.string().min(1).max(256)).min(1).max(50) });

/**
 * Called only by this instance's own cache-invalidation listener, with a
 * signature made from the session secret: drops the named cache tags here.
 */
export async function POST(request: Request) {
  const body = await request.text();
  if (!verifyInvalidation(body, request.headers.get('x-parley-signature'))) {
    return Response.json({ error: 'FORBIDDEN', message: 'Not signed by this site.' }, { status: 403 });
  }
  const parsed = bodySchema.safeParse(JSON.parse(body));
  if (!parsed.success) return Response.json({ error: 'INVALID_INPUT', message: 'Expected { tags: string[] }.' }, { status: 400 });
  for (const tag of parsed.data.tags) revalidateTag(tag, { expire: 0 });
  return Response.json({ revalidated: parsed.data.tags });
}
