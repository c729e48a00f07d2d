// The cost of opening a thread in the library, without HTTP: listThreadPage on
// the 10-comment thread, the one that fills one page and the 10,000-comment
// thread, first page and a deep page (following nextCursor), each sort, the cases of a sort timed interleaved; EXPLAIN (ANALYZE, BUFFERS) of the
// top-level query and of the first replies on the large thread. Also returns the
// statements of one anonymous first page (best), which scenario 4 replays.
import type pg from 'pg';
import { capture, findTopLevelQuery, type Statement } from '../database';
import { explain, explainLines, type Plan } from '../explain';
import type { ThreadArticle } from '../fixture';
import type { ThreadPage } from '@/lib/comments/list-thread';
import type { BenchOptions } from '../options';
import { since, type Summary, summarize } from '../stats';

export type ThreadCase = { article: 'small' | 'large' | 'page'; sort: string; page: string; pageNumber: number; items: number; statements: number; timing: Summary };
export type ThreadPagesFigures = {
  pageSize: number;
  iterations: number;
  warmup: number;
  cases: ThreadCase[];
  /** Top-level query of the large thread, each sort, first and deep page. */
  plans: (Plan & { sort: string; page: string })[];
  repliesPlan: string[];
  /** Every statement one anonymous first page (best) of the large thread sends. */
  firstPage: Statement[];
};

const WARMUP = 15;
const sorts = ['best', 'newest', 'oldest'] as const;

/**
 * Times several calls together, interleaved (a, b, c, a, b, c, ...): on a
 * shared machine the load drifts, and cases timed minutes apart would compare
 * the drift, not the calls.
 */
async function timeTogether(runs: (() => Promise<unknown>)[], iterations: number): Promise<Summary[]> {
  for (let i = 0; i < WARMUP; i++) for (const run of runs) await run();
  const samples: number[][] = runs.map(() => []);
  for (let i = 0; i < iterations; i++) {
    for (let j = 0; j < runs.length; j++) {
      const index = (i + j) % runs.length;
      const started = performance.now();
      await runs[index]!();
      samples[index]!.push(since(started));
    }
  }
  return samples.map(summarize);
}

export async function measureThreadPages(
  sql: pg.Client,
  { small, large, page }: { small: ThreadArticle; large: ThreadArticle; page: ThreadArticle },
  options: BenchOptions,
  log: (message: string) => void,
): Promise<ThreadPagesFigures> {
  const { listThreadPage, THREAD_PAGE_SIZE } = await import('@/lib/comments/list-thread');
  const cases: ThreadCase[] = [];
  const plans: ThreadPagesFigures['plans'] = [];
  let repliesPlan: string[] = [];
  let firstPage: Statement[] = [];
  for (const sort of sorts) {
    const call = (article: ThreadArticle, cursor?: string) => listThreadPage({ articleId: article.id, sort, cursor, viewer: null });
    // The first page of each thread and a deep page of each (where there is one), followed through nextCursor.
    const entries: {
      key: ThreadCase['article'];
      article: ThreadArticle;
      page: string;
      pageNumber: number;
      cursor?: string;
      captured: Awaited<ReturnType<typeof capture<ThreadPage>>>;
    }[] = [];
    for (const [key, article] of [
      ['small', small],
      ['large', large],
      ['page', page],
    ] as const) {
      const first = await capture(() => call(article));
      entries.push({ key, article, page: 'first', pageNumber: 1, captured: first });
      let cursor: string | undefined;
      let pageNumber = 1;
      let next = first.result.nextCursor;
      while (next && pageNumber < options.deepPage) {
        cursor = next;
        pageNumber++;
        next = (await call(article, cursor)).nextCursor;
      }
      const deepCursor = cursor;
      if (deepCursor)
        entries.push({ key, article, page: `page ${pageNumber}`, pageNumber, cursor: deepCursor, captured: await capture(() => call(article, deepCursor)) });
    }
    const timings = await timeTogether(
      entries.map((e) => () => call(e.article, e.cursor)),
      options.threadIterations,
    );
    entries.forEach((e, i) => {
      cases.push({
        article: e.key,
        sort,
        page: e.page,
        pageNumber: e.pageNumber,
        items: e.captured.result.items.length,
        statements: e.captured.statements.length,
        timing: timings[i]!,
      });
    });
    log(`listThreadPage ${sort}: ${entries.map((e, i) => `${e.article.label} ${e.page} ${timings[i]!.median.toFixed(2)} ms`).join(', ')} (medians)`);

    for (const e of entries.filter((entry) => entry.key === 'large')) {
      const topLevel = findTopLevelQuery(e.captured.statements);
      if (!topLevel) throw new Error('Could not find the top-level comment query among the statements listThreadPage sent.');
      plans.push({ ...(await explain(sql, `${sort}, ${e.page}`, topLevel)), sort, page: e.page });
      if (sort === 'best' && e.page === 'first') {
        firstPage = e.captured.statements;
        const replies = e.captured.statements.find((st) => /unnest/i.test(st.text));
        if (replies) repliesPlan = await explainLines(sql, replies);
      }
    }
  }

  return { pageSize: THREAD_PAGE_SIZE, iterations: options.threadIterations, warmup: WARMUP, cases, plans, repliesPlan, firstPage };
}
