// The data every scenario shares: the project's articles, four bench copies of
// the first one (a thread of 10 comments, one that fills exactly one page, one
// of 10,000, and one that the writers post to), established readers who wrote those threads and reacted,
// and a pool of established writers for the posting scenario.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { BenchOptions } from './options';
import {
  type BenchArticle,
  type BenchUser,
  cloneArticle,
  commentBodies,
  describeThread,
  finishCounters,
  generateThread,
  insertComments,
  seedUsers,
  type ThreadShape,
} from './seed';
import { prng, since } from './stats';

export type ThreadArticle = BenchArticle & { label: string; shape: ThreadShape };

export type Fixture = {
  runId: string;
  sourceArticleId: string;
  small: ThreadArticle;
  large: ThreadArticle;
  /**
   * A thread that exactly fills one page: as many top-level comments as a page
   * holds, each with the replies a page shows. Its first page shows what the
   * large thread's does, so comparing the two isolates the thread's size.
   */
  page: ThreadArticle;
  posting: ThreadArticle;
  /** Authors of the seeded threads (and the readers behind their Insightful reactions). */
  readers: BenchUser[];
  /** Distinct established accounts for the posting scenario, more than the writers (see writerPoolSize). */
  writerPool: BenchUser[];
  bodies: { body: string; html: string }[];
  seedSeconds: number;
};

/**
 * Established accounts may post once per 10 s and 30 times an hour
 * (lib/comments/comment-rate-limits.ts). The posting scenario hands each post
 * the account that posted longest ago, at most once per 11 s, so the pool must
 * cover 11 s of the fastest posting rate we expect (a generous 250/s on 2 cores,
 * 30/s per writer in --smoke); each account then posts once or twice per round,
 * far under 30 an hour.
 */
export function writerPoolSize(options: BenchOptions): number {
  return options.smoke ? Math.max(100, options.writers * 30 * 11) : 3000;
}

export async function seedFixture(sql: pg.Client, options: BenchOptions): Promise<Fixture> {
  const started = performance.now();
  const { seedArticles } = await import('@/lib/articles/seed-articles');
  const { THREAD_PAGE_SIZE, REPLIES_SHOWN } = await import('@/lib/comments/list-thread');
  await seedArticles();
  const source = (await sql.query<{ id: string }>(`SELECT id FROM "Article" ORDER BY "createdAt", slug LIMIT 1`)).rows[0];
  if (!source) throw new Error('content/articles seeded no article.');
  const runId = randomBytes(3).toString('hex');
  const random = prng(20261126);
  const readers = await seedUsers(sql, 300, runId);
  const writerPool = await seedUsers(sql, writerPoolSize(options), `${runId}w`);
  const bodies = commentBodies(random);
  const large = options.largeThread.toLocaleString('en-US');
  const specs = [
    { key: 'small', label: '10 comments', slug: `bench-${runId}-10-comments`, total: 10, topLevel: 6 },
    { key: 'large', label: `${large} comments`, slug: `bench-${runId}-${options.largeThread}-comments`, total: options.largeThread, topLevel: options.largeTopLevel },
    {
      key: 'page',
      label: `one full page (${THREAD_PAGE_SIZE * (1 + REPLIES_SHOWN)} comments)`,
      slug: `bench-${runId}-one-page`,
      total: THREAD_PAGE_SIZE * (1 + REPLIES_SHOWN),
      topLevel: THREAD_PAGE_SIZE,
      evenly: true,
    },
    { key: 'posting', label: 'posting target', slug: `bench-${runId}-posting`, total: 200, topLevel: 60 },
  ] as const;
  const made: Record<string, BenchArticle & { label: string }> = {};
  for (const spec of specs) {
    const article = await cloneArticle(sql, source.id, spec.slug, ` (bench, ${spec.label})`);
    await insertComments(
      sql,
      article.id,
      generateThread(random, {
        total: spec.total,
        topLevel: spec.topLevel,
        evenly: 'evenly' in spec && spec.evenly,
        users: readers,
        bodies,
        paragraphIds: article.paragraphIds,
      }),
    );
    made[spec.key] = { ...article, label: spec.label };
  }
  const ids = Object.values(made).map((article) => article.id);
  await finishCounters(sql, ids, `bench-${runId}-`);
  await sql.query('VACUUM ANALYZE');
  const withShape = async (key: string): Promise<ThreadArticle> => ({ ...made[key]!, shape: await describeThread(sql, made[key]!.id) });
  return {
    runId,
    sourceArticleId: source.id,
    small: await withShape('small'),
    large: await withShape('large'),
    page: await withShape('page'),
    posting: await withShape('posting'),
    readers,
    writerPool,
    bodies,
    seedSeconds: since(started) / 1000,
  };
}
