import 'server-only';
import { getCurrentUser } from '@/lib/auth/current-user';
import { viewerOf } from './load-article-thread';
import { listThreadPage } from './list-thread';
import type { ThreadSort } from './schema';

/** A page of the thread as the signed-in reader (or an anonymous one) may see it. */
export async function listThreadPageForViewer(input: { articleId: string; sort: ThreadSort; cursor?: string }) {
  return listThreadPage({ ...input, viewer: viewerOf(await getCurrentUser()) });
}
