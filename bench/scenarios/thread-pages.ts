// The cost of opening a thread in the library, without HTTP: listThreadPage on
// the 10-comment and the 10,000-comment thread, first page and a deep page
// (following nextCursor), each sort; EXPLAIN (ANALYZE, BUFFERS) of the
// top-level query and of the first replies on the large thread; and two
// partial indexes tried in a rolled-back transaction. Also returns the
// statements of one anonymous first page (best), which scenario 4 replays.
import type pg from 'pg';
import { capture, type Statement } from '../database';
import { explain, explainLines, type Plan } from '../explain';
import type { ThreadArticle } from '../fixture';
import type { BenchOptions } from '../options';
import { since, type Summary, summarize } from '../stats';

export type ThreadCase = { article: 'small' | 'large'; sort: string; page: string; pageNumber: number; items: number; statements: number; timing: Summary };
export type ThreadPagesFigures = {
  pageSize: number;
  iterations: number;
  warmup: number;
  cases: ThreadCase[];
  /** Top-level query of the large thread, each sort, first and deep page. */
  plans: (Plan & { sort: string; page: string })[];
  repliesPlan: string[];
  experiment: { sort: string; page: string; before: Plan; after: Plan }[];
  partialIndexes: string[];
  /** Every statement one anonymous first page (best) of the large thread sends. */
  firstPage: Statement[];
};

const WARMUP = 15;
const sorts = ['best', 'newest', 'oldest'] as const;

const partialIndexes = [
  `CREATE INDEX bench_top_level_by_time ON "Comment" ("articleId", status, "createdAt", id) WHERE "rootId" IS NULL`,
  `CREATE INDEX bench_top_level_by_insightful ON "Comment" ("articleId", status, "insightfulCount", "createdAt", id) WHERE "rootId" IS NULL`,
];

async function timeIt(run: () => Promise<unknown>, iterations: number): Promise<Summary> {
  for (let i = 0; i < WARMUP; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await run();
    samples.push(since(started));
  }
  return summarize(samples);
}

export async function measureThreadPages(
  sql: pg.Client,
  { small, large }: { small: ThreadArticle; large: ThreadArticle },
  options: BenchOptions,
  log: (message: string) => void,
): Promise<ThreadPagesFigures> {
  const { listThreadPage, THREAD_PAGE_SIZE } = await import('@/lib/comments/list-thread');
  const cases: ThreadCase[] = [];
  const plans: ThreadPagesFigures['plans'] = [];
  let repliesPlan: string[] = [];
  let firstPage: Statement[] = [];
  for (const [key, article] of [
    ['small', small],
    ['large', large],
  ] as const) {
    for (const sort of sorts) {
      const call = (cursor?: string) => listThreadPage({ articleId: article.id, sort, cursor, viewer: null });
      const first = await capture(() => call());
      const firstTiming = await timeIt(() => call(), options.threadIterations);
      cases.push({ article: key, sort, page: 'first', pageNumber: 1, items: first.result.items.length, statements: first.statements.length, timing: firstTiming });

      let cursor: string | undefined;
      let pageNumber = 1;
      let next = first.result.nextCursor;
      while (next && pageNumber < options.deepPage) {
        cursor = next;
        pageNumber++;
        next = (await call(cursor)).nextCursor;
      }
      const deepCursor = cursor;
      const deep = deepCursor ? await capture(() => call(deepCursor)) : undefined;
      if (deep && deepCursor) {
        const deepTiming = await timeIt(() => call(deepCursor), options.threadIterations);
        cases.push({ article: key, sort, page: `page ${pageNumber}`, pageNumber, items: deep.result.items.length, statements: deep.statements.length, timing: deepTiming });
      }
      log(`listThreadPage ${article.label} ${sort}: first ${firstTiming.median.toFixed(2)} ms median${deep ? `, page ${pageNumber} ${cases.at(-1)!.timing.median.toFixed(2)} ms` : ''}`);

      if (key !== 'large') continue;
      for (const [page, captured] of [
        ['first', first],
        [`page ${pageNumber}`, deep],
      ] as const) {
        if (!captured) continue;
        const topLevel = captured.statements.find((s) => /from\s+"public"\."Comment"/i.test(s.text) && !/unnest/i.test(s.text));
        if (!topLevel) throw new Error('Could not find the top-level comment query among the statements listThreadPage sent.');
        plans.push({ ...(await explain(sql, `${sort}, ${page}`, topLevel)), sort, page });
        if (sort === 'best' && page === 'first') {
          firstPage = captured.statements;
          const replies = captured.statements.find((s) => /unnest/i.test(s.text));
          if (replies) repliesPlan = await explainLines(sql, replies);
        }
      }
    }
  }

  // The same statements with partial indexes on top-level comments, created in a
  // transaction that is rolled back: what the plans would be, not a schema change.
  const experiment: ThreadPagesFigures['experiment'] = [];
  await sql.query('BEGIN');
  try {
    for (const ddl of partialIndexes) await sql.query(ddl);
    await sql.query('ANALYZE "Comment"');
    for (const before of plans) experiment.push({ sort: before.sort, page: before.page, before, after: await explain(sql, before.label, before.statement) });
  } finally {
    await sql.query('ROLLBACK');
  }
  return { pageSize: THREAD_PAGE_SIZE, iterations: options.threadIterations, warmup: WARMUP, cases, plans, repliesPlan, experiment, partialIndexes, firstPage };
}
