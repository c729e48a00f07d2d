import 'server-only';
import { db } from '@/lib/db';

/** How many published comments quote each paragraph of an article. */
export async function countQuotesByParagraph(articleId: string): Promise<Record<string, number>> {
  const rows = await db.comment.groupBy({
    by: ['quotedParagraphId'],
    where: { articleId, status: 'PUBLISHED', deletedAt: null, quotedParagraphId: { not: null } },
    _count: { _all: true },
  });
  return Object.fromEntries(rows.flatMap((row) => (row.quotedParagraphId ? [[row.quotedParagraphId, row._count._all]] : [])));
}
