import 'server-only';
import { expireCacheTags } from '@/lib/cache/expire-cache-tags';
import { cacheTagsOfPagesShowing } from '@/lib/comments/articles-commented-by';
import { db } from '@/lib/db';
import { requireUser } from './authorization';

export async function changeDisplayName(name: string): Promise<void> {
  const user = await requireUser();
  if (name === user.name) return;
  await db.user.update({ where: { id: user.id }, data: { name } });
  // The name stands beside each of their comments, and in "Replying to" above replies to them.
  await expireCacheTags(await cacheTagsOfPagesShowing(user.id));
}
