// The library-level thread timing (10 vs 10,000 comments) and the thread's
// query plans, as Markdown.
import { fullPlan, keyLines } from '../explain';
import type { BenchResult } from '../result';
import { ms, table } from '../stats';
import { THREAD_SORT_ROWS } from './targets';

const articleLabel = (result: BenchResult, key: 'small' | 'large' | 'page') => result.data.articles.find((a) => a.key === key)!.label;

export function threadTimingSection(result: BenchResult): string[] {
  const tp = result.threadPages;
  const sorts = [...new Set(tp.cases.map((c) => c.sort))];
  const find = (article: 'small' | 'large' | 'page', sort: string, page: 'first' | 'deep') =>
    tp.cases.find((c) => c.article === article && c.sort === sort && (page === 'first' ? c.page === 'first' : c.page !== 'first'));
  const deepLabel = tp.cases.find((c) => c.page !== 'first')?.page ?? 'deep page';
  return [
    `\`listThreadPage\` called in the bench process (no HTTP), anonymous viewer, ${tp.pageSize} top-level comments a page with their first replies; ${tp.iterations} timed calls per row after ${tp.warmup} warm-up calls, the rows of one sort interleaved (10-comment first page, 10,000 first page, deep page, again...) so that a busy machine weighs on all of them alike. The deep page follows \`nextCursor\` (keyset). "SQL" counts the statements one call sends.`,
    '',
    table(
      ['article', 'sort', 'page', 'items', 'SQL', 'median ms', 'p95 ms', 'p99 ms', 'max ms'],
      tp.cases.map((c) => [
        articleLabel(result, c.article),
        c.sort,
        c.page,
        c.items,
        c.statements,
        ms(c.timing.median),
        ms(c.timing.p95),
        ms(c.timing.p99),
        ms(c.timing.max),
      ]),
    ),
    '',
    `**${articleLabel(result, 'large')} vs 10, and vs ${articleLabel(result, 'page')}** (median, p95 in brackets). The 10-comment thread's page shows fewer comments than the large one's; the one-full-page thread's shows as many, so its ratio is the cost of the thread's size alone:`,
    '',
    table(
      [
        'sort',
        '10: first page',
        `${articleLabel(result, 'page')}: first page`,
        `${articleLabel(result, 'large')}: first page`,
        'vs 10',
        'vs one page',
        `${deepLabel}`,
        'vs 10',
        'vs one page',
      ],
      sorts.map((sort) => {
        const a = find('small', sort, 'first');
        const p = find('page', sort, 'first');
        const b = find('large', sort, 'first');
        const d = find('large', sort, 'deep');
        const r = (base: typeof a, x: typeof a) => (base && x ? `${(x.timing.median / base.timing.median).toFixed(2)}×` : 'n/a');
        const t = (x: typeof a) => (x ? `${ms(x.timing.median)} (${ms(x.timing.p95)})` : 'n/a');
        return [sort, t(a), t(p), t(b), r(a, b), r(p, b), t(d), r(a, d), r(p, d)];
      }),
    ),
    '',
    `<details><summary>The ${tp.firstPage.length} statements of one call (anonymous, best, first page), replayed by scenario 4</summary>`,
    '',
    '```',
    ...tp.firstPage.map((s, i) => `${i + 1}. ${s.text.replace(/\s+/g, ' ').slice(0, 220)}${s.text.length > 220 ? ' ...' : ''}`),
    '```',
    '',
    '</details>',
  ];
}

export function threadPlansSection(result: BenchResult): string[] {
  const tp = result.threadPages;
  const seq = tp.plans.filter((p) => p.seqScan);
  const sorted = tp.plans.filter((p) => p.sortNodes.length);
  const heavy = tp.plans.filter((p) => p.rowsRemoved > 200);
  return [
    `The top-level query of \`listThreadPage\` on the ${articleLabel(result, 'large')} thread exactly as sent (captured at the pg driver), each sort, first and deep page, with \`EXPLAIN (ANALYZE, BUFFERS)\`.`,
    '',
    table(
      ['sort', 'page', 'execution ms', 'Seq Scan on Comment', 'Sort nodes', 'rows removed by filter', 'plan (key lines)'],
      tp.plans.map((p) => [
        p.sort,
        p.page,
        ms(p.executionMs, 3),
        p.seqScan ? '**yes**' : 'no',
        p.sortNodes.length ? `${p.sortNodes.join('; ')} (${p.sortRows} rows)` : 'none',
        p.rowsRemoved,
        keyLines(p.lines).join('<br>'),
      ]),
    ),
    '',
    `- ${seq.length ? `**Sequential scan of Comment** in: ${seq.map((p) => p.label).join(', ')}.` : 'No plan scans the Comment table sequentially: every top-level query reads an index in the requested order.'}`,
    `- ${sorted.length ? `Sort nodes in: ${sorted.map((p) => `${p.label} (${p.sortRows} rows${p.sortRows > THREAD_SORT_ROWS ? ', **the thread**' : ''})`).join(', ')}.` : 'No plan sorts: the LIMIT stops the index scan after one page.'}`,
    ...(heavy.length
      ? [`- Rows read and thrown away by a filter: ${heavy.map((p) => `${p.label} ${p.rowsRemoved}`).join(', ')} (a page returns ${tp.pageSize + 1}).`]
      : []),
    `- Indexes used: ${[...new Set(tp.plans.flatMap((p) => p.indexes))].map((index) => `\`${index}\``).join(', ') || 'none'}.`,
    '',
    ...tp.plans.flatMap((p) => fullPlan(`${p.label}: full plan`, p.lines)),
    ...(tp.repliesPlan.length ? fullPlan('first replies of a page (LATERAL), best, first page: full plan', tp.repliesPlan) : []),
  ];
}
