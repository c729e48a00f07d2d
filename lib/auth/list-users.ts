import 'server-only';
import { db } from '@/lib/db';
import { requireAdmin } from './authorization';

const PAGE_SIZE = 50;

/** Users for the admin page: staff first, then the newest; optional search by name or email. */
export async function listUsers({ query, after }: { query?: string; after?: string } = {}) {
  await requireAdmin();
  const search = query?.trim();
  const users = await db.user.findMany({
    where: {
      deletedAt: null,
      ...(search && {
        OR: [{ email: { contains: search.toLowerCase() } }, { name: { contains: search, mode: 'insensitive' as const } }],
      }),
    },
    orderBy: [{ role: 'desc' }, { createdAt: 'desc' }, { id: 'desc' }],
    select: { id: true, name: true, email: true, role: true, createdAt: true, suspendedUntil: true, bannedAt: true, statusReason: true, isDemo: true },
    take: PAGE_SIZE + 1,
    ...(after && { cursor: { id: after }, skip: 1 }),
  });
  return { users: users.slice(0, PAGE_SIZE), nextCursor: users.length > PAGE_SIZE ? users[PAGE_SIZE - 1]?.id : undefined };
}
