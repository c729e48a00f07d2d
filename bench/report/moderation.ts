// Scenario 7, moderation half: the figures of scenarios/moderation.ts as Markdown,
// with the problems they show and the fixes tried.
import { fullPlan, keyLines, type Plan } from '../explain';
import { MOD_ARTICLES, type ModerationFigures, SLOW_MS } from '../scenarios/moderation';
import { ms, table } from '../stats';

export function moderationSection(m: ModerationFigures): string[] {
  const d = m.data;
  const slow = m.cases.filter((c) => c.timing.median > SLOW_MS);
  const scans = m.plans.filter((p) => p.seqScan);
  const sorts = m.plans.filter((p) => p.sortRows > 1000 || p.external);
  const pct = (n: number) => `${((100 * n) / d.comments).toFixed(1)}%`;
  const planRow = (p: Plan) => [
    p.label,
    ms(p.executionMs, 2),
    p.seqScan ? '**yes**' : 'no',
    p.sortNodes.length
      ? `${p.sortRows > 1000 || p.external ? '**' : ''}${p.sortRows} rows${p.external ? ', on disk' : ''}${p.sortRows > 1000 || p.external ? '**' : ''}`
      : 'none',
    p.rowsRemoved,
    p.indexes.map((i) => `\`${i}\``).join(', ') || '—',
    keyLines(p.lines).join('<br>'),
  ];
  return [
    `${d.comments.toLocaleString('en-US')} comments seeded for this section over ${MOD_ARTICLES} articles (busiest ${d.busiestArticle.comments.toLocaleString('en-US')} comments, quietest ${d.quietestArticle.comments.toLocaleString('en-US')}) by ${m.authors.toLocaleString('en-US')} authors (skewed: the busiest wrote ${d.busiestAuthor.comments}, the median author ${d.typicalAuthor.comments}); with the thread and posting articles the Comment table holds **${m.tableRows.toLocaleString('en-US')} rows**. ` +
      `Pending ${d.byStatus.PENDING} (${pct(d.byStatus.PENDING!)}, held in the last 3 days), rejected ${d.byStatus.REJECTED} (${pct(d.byStatus.REJECTED!)}), published ${d.byStatus.PUBLISHED} (${d.deleted} of them deleted by their author); ${d.topLevel} top-level, the rest replies. ` +
      `${d.reportedComments} comments (${pct(d.reportedComments)}) carry ${d.openReports} open reports (1–5 each, by distinct readers); ${d.resolvedReports} resolved reports; ${d.appeals} appeals (${d.openAppeals} open); ${d.auditEntries.toLocaleString('en-US')} audit-log entries. ` +
      `All written with INSERT ... SELECT over generate_series (batches of 20,000) in ${m.seedSeconds.toFixed(1)} s including VACUUM ANALYZE; \`commentCount\` is recomputed, \`replyCount\` is not (no queue reads it).`,
    '',
    `Counts the moderator's tabs show: ${Object.entries(m.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    '',
    `As a moderator (resolved through \`resolveSessionUser\`), ${m.iterations} timed calls after 3 warm-up calls per row, fewer when a row has taken ${m.budgetMs / 1000} s (at least ${m.minSamples}). Deep pages follow \`nextCursor\` / \`nextBefore\`. A median above ${SLOW_MS} ms is in bold.`,
    '',
    table(
      ['what', 'call', 'page', 'items', 'SQL', 'n', 'median ms', 'p95 ms', 'max ms'],
      m.cases.map((c) => {
        const bold = (v: string) => (c.timing.median > SLOW_MS ? `**${v}**` : v);
        return [c.group, c.call, c.page, c.items, c.statements, c.timing.n, bold(ms(c.timing.median)), ms(c.timing.p95), ms(c.timing.max)];
      }),
    ),
    '',
    '### Query plans',
    '',
    'The main statements exactly as sent (captured at the pg driver), with `EXPLAIN (ANALYZE, BUFFERS)`: for pending/recent/rejected the keyset query (with its cursor condition on the deep page), for reported the Prisma query for comments with open reports and the raw grouping SQL, every statement of `queueCountsAs`, the entries query of `listAuditLogAs`.',
    '',
    table(['statement', 'execution ms', 'Seq Scan on Comment', 'largest Sort', 'rows removed by filter', 'indexes', 'plan (key lines)'], m.plans.map(planRow)),
    '',
    '**Findings:**',
    '',
    `- ${slow.length ? `**Slow (median > ${SLOW_MS} ms):** ${slow.map((c) => `${c.group} / ${c.call} ${c.page} ${ms(c.timing.median)} ms`).join('; ')}.` : `No call has a median above ${SLOW_MS} ms.`}`,
    `- ${scans.length ? `**Sequential scan of Comment** in: ${scans.map((p) => `${p.label} (${ms(p.executionMs)} ms)`).join('; ')}.` : 'No statement scans the Comment table sequentially.'}`,
    `- ${sorts.length ? `**Large sorts** (over 1,000 rows or on disk) in: ${sorts.map((p) => `${p.label} (${p.sortRows} rows${p.external ? ', on disk' : ''})`).join('; ')}.` : 'No statement sorts more than 1,000 rows.'}`,
    ...(() => {
      const heavy = m.plans.filter((p) => p.rowsRemoved > 10_000);
      return heavy.length
        ? [`- Rows read and thrown away by a filter (over 10,000): ${heavy.map((p) => `${p.label} ${p.rowsRemoved.toLocaleString('en-US')}`).join('; ')}.`]
        : [];
    })(),
    '',
    ...problems(m),
    '',
    ...(m.experiment.length
      ? [
          '**Experiment (not applied to the schema):** the flagged statements again, with these created inside a transaction that is then rolled back:',
          '',
          ...m.indexes.map((ddl) => `- \`${ddl}\``),
          '',
          table(
            ['statement', 'execution ms now', 'with the indexes', 'Seq Scan', 'largest Sort', 'rows removed', 'indexes used'],
            m.experiment.map(({ label, before, after }) => [
              label,
              ms(before.executionMs),
              ms(after.executionMs),
              after.seqScan ? '**yes**' : 'no',
              after.sortNodes.length ? `${after.sortRows} rows` : 'none',
              after.rowsRemoved,
              after.indexes.map((i) => `\`${i}\``).join(', ') || '—',
            ]),
          ),
          '',
        ]
      : []),
    ...m.plans.flatMap((p) => fullPlan(`${p.label}: full plan`, p.lines)),
    ...m.experiment.flatMap(({ label, after }) => fullPlan(`with the candidate indexes, ${label}: full plan`, after.lines)),
    `**Where a call's time goes.** One \`listQueueAs\` call (pending, first page) sends ${m.oneCall.length} statements; their server execution times (EXPLAIN ANALYZE) add up to ${ms(m.oneCall.reduce((sum, c) => sum + c.executionMs, 0))} ms, so the rest of the call's median is round trips, Prisma and the pg driver:`,
    '',
    '```',
    ...m.oneCall.map(
      (c, i) => `${i + 1}. [${ms(c.executionMs, 3)} ms] ${c.statement.text.replace(/\s+/g, ' ').slice(0, 300)}${c.statement.text.length > 300 ? ' ...' : ''}`,
    ),
    '```',
    '',
    ...(() => {
      const slowest = [...m.oneCall].sort((a, b) => b.executionMs - a.executionMs)[0];
      return slowest
        ? [
            `<details><summary>The slowest of them (${ms(slowest.executionMs)} ms): statement and full plan</summary>`,
            '',
            '```',
            slowest.statement.text,
            '',
            ...slowest.plan,
            '```',
            '',
            '</details>',
            '',
          ]
        : [];
    })(),
    `**Query changes tried** (not applied): ${m.alternative.map((a) => `\`${a.text}\` takes ${ms(a.executionMs)} ms`).join('; ')}. For comparison, the groupBy of every live comment in \`queueCountsAs\` takes ${ms(m.plans.find((p) => /groupBy/.test(p.label))?.executionMs ?? Number.NaN)} ms.`,
    '',
    ...m.alternative.flatMap((a) => [`<details><summary>${a.text}: full plan</summary>`, '', '```', ...a.plan, '```', '', '</details>', '']),
  ];
}

/** The problems this section finds, each with its evidence and the change that fixes it (figures from this run). */
function problems(m: ModerationFigures): string[] {
  const out: string[] = [];
  const exp = (re: RegExp) => m.experiment.find((e) => re.test(e.label));
  const call = (re: RegExp) => m.cases.find((c) => re.test(`${c.group} ${c.call} ${c.page}`));
  const slowest = [...m.oneCall].sort((a, b) => b.executionMs - a.executionMs)[0];
  const authorAlt = m.alternative.find((a) => /"authorId" = ANY/.test(a.text));
  const scanned = slowest
    ? Number(/Index Only Scan[^\n]*rows=(\d+)/.exec(slowest.plan.join('\n'))?.[1] ?? 0) || Number(/Seq Scan[^\n]*rows=(\d+)/.exec(slowest.plan.join('\n'))?.[1] ?? 0)
    : 0;
  if (slowest && /_count|aggr_selection/.test(slowest.statement.text) && scanned > 10_000) {
    out.push(
      `1. **Every queue page counts every comment in the table.** \`itemSelect.author._count.comments\` (lib/moderation/list-queue.ts) makes Prisma join the page's authors to a GroupAggregate over *all* comments (${scanned.toLocaleString('en-US')} rows read, ${ms(slowest.executionMs)} ms of the ${ms(m.oneCall.reduce((sum, c) => sum + c.executionMs, 0))} ms the call's statements spend in the server): most of the ~18–28 ms every queue call takes, growing linearly with the table. ` +
        `Fix (query): drop \`_count\` from the select and count the page's authors like \`authorRejections\` already is, \`db.comment.groupBy({ by: ['authorId'], where: { authorId: { in: authorIds } }, _count: { _all: true } })\`; the same count as SQL took ${authorAlt ? ms(authorAlt.executionMs) : 'n/a'} ms here (index \`Comment_authorId_createdAt_idx\`).`,
    );
  }
  const counts = call(/counts queueCountsAs/);
  const group = m.plans.find((p) => /groupBy/.test(p.label));
  const [pr, pub] = m.alternative;
  if (group?.seqScan || (counts && counts.timing.median > SLOW_MS)) {
    out.push(
      `${out.length + 1}. **\`queueCountsAs\` scans the whole Comment table** on every moderation page (the tab counts): \`groupBy status where deletedAt null\` is a Seq Scan of all live comments, ${ms(group?.executionMs ?? Number.NaN)} ms; the call's median is ${ms(counts?.timing.median ?? Number.NaN)} ms. An index cannot make "count 100,000 rows" cheap (a partial index on status kept it at ${ms(exp(/groupBy/)?.after.executionMs ?? Number.NaN)} ms, still a scan). ` +
        `Fix (query): count only the small queues from the status index, \`status IN ('PENDING','REJECTED')\` (${ms(pr?.executionMs ?? Number.NaN)} ms), and take Recent from the denormalised \`Article.commentCount\` the comment commands already keep (\`sum("commentCount")\`, ${ms(pub?.executionMs ?? Number.NaN)} ms), or show it as "10,000+".`,
    );
  }
  const none = exp(/no match/);
  const rare = exp(/tanker.*recent/);
  const rareRej = exp(/tanker.*rejected/);
  const noneCall = call(/no match/);
  const rareCall = call(/tanker.*recent/);
  const trigramIndexed = m.plans.some((p) => /no match/.test(p.label) && p.lines.join('\n').includes('Comment_body_idx'));
  if (trigramIndexed) {
    out.push(
      `${out.length + 1}. Text search (\`q\`) uses the trigram index \`Comment_body_idx\` (a word no comment contains: call median ${ms(noneCall?.timing.median ?? Number.NaN)} ms). ` +
        `Still slow: a rare word in the large Recent queue (call median **${ms(rareCall?.timing.median ?? Number.NaN)} ms**): the planner walks \`Comment_status_createdAt_id_idx\` backwards and filters, assuming matches are common. Reading the trigram index first (a MATERIALIZED CTE of matching ids) would fix it, at the cost of common words.`,
    );
  } else if (none || rare) {
    out.push(
      `${out.length + 1}. **Text search (\`q\`) reads the queue row by row** (\`body ILIKE '%q%'\`, no index can serve it): a word no comment contains scans all published comments (${none ? `${ms(none.before.executionMs)} ms, ${none.before.seqScan ? 'Seq Scan' : 'index scan'}` : 'n/a'}; call median **${ms(noneCall?.timing.median ?? Number.NaN)} ms**), a rare word walks the Recent queue until 26 match (${rare ? `${ms(rare.before.executionMs)} ms, ${rare.before.rowsRemoved.toLocaleString('en-US')} rows thrown away` : 'n/a'}; call median **${ms(rareCall?.timing.median ?? Number.NaN)} ms**). ` +
        `Fix (index, a migration): \`CREATE EXTENSION pg_trgm\` and \`CREATE INDEX ON "Comment" USING gin (body gin_trgm_ops)\`: in the rolled-back experiment the no-match search took ${ms(none?.after.executionMs ?? Number.NaN)} ms${rareRej ? `, the rare word in the Rejected queue ${ms(rareRej.before.executionMs)} → ${ms(rareRej.after.executionMs)} ms` : ''}. ` +
        `For a rare word in the large Recent queue the planner still prefers walking \`Comment_status_createdAt_id_idx\` backwards (${ms(rare?.after.executionMs ?? Number.NaN)} ms with the index), because it assumes matches are spread evenly; there the query must be written so the trigram index is read first (e.g. a MATERIALIZED CTE of the matching ids, then ORDER BY/LIMIT), not verified here.`,
    );
  }
  out.push(
    `${out.length + 1}. Not problems at this size: the keyset queries of every queue read \`Comment_status_createdAt_id_idx\` in order and stop after 26 rows (first page and page ${m.deepPage}, 0.04–1 ms); the article filter and author filter stay under 3 ms; the reported queue's Seq Scan is of the small CommentReport table (fixable with a partial index on open reports, \`("commentId") WHERE "resolvedAt" IS NULL\`, but it is ~1–3 ms); the author filter's \`name ILIKE\` reads the whole User table (3,300 rows, ~2 ms, linear in users); the audit log reads its primary key backwards, ~1–2 ms a page.`,
  );
  return ['**Problems and fixes** (fixes verified as above; see git log for those applied since):', '', ...out];
}
