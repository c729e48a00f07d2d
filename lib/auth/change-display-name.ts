import 'server-only';
import { db } from '@/lib/db';
import { requireUser } from './authorization';

export async function changeDisplayName(name: string): Promise<void> {
  const user = await requireUser();
  await db.user.update({ where: { id: user.id }, data: { name } });
}
