// Scenario 7, moderation half: 100,000 comments over 50 articles (2% pending,
// 3% rejected, 1% with 1-5 open reports, 3,000 authors, ~8,500 audit entries;
// bulk SQL), then the moderation queues as a moderator: listQueueAs for each
// queue, first page and 20 pages in, with each filter; queueCountsAs;
// listAuditLogAs; EXPLAIN (ANALYZE, BUFFERS) of their main statements; and
// candidate indexes tried in a rolled-back transaction.
import type pg from 'pg';
import { capture, type Statement } from '../database';
import { explain, explainLines, executionMs, type Plan } from '../explain';
import type { BenchOptions } from '../options';
import { cloneArticle, COMMON_WORD, type ModerationData, RARE_WORD, seedModeration, seedUsers } from '../seed';
import { since, summarize, type Summary } from '../stats';

export const MOD_ARTICLES = 50;
/** Stop timing a slow call after this long (keeping at least MIN_SAMPLES). */
const BUDGET_MS = 4000;
const MIN_SAMPLES = 15;
/** "Slow" in the report: a median above this. */
export const SLOW_MS = 50;

export type ModCase = { group: string; call: string; page: string; items: number; statements: number; timing: Summary };
export type ModerationFigures = {
  comments: number;
  authors: number;
  iterations: number;
  deepPage: number;
  budgetMs: number;
  minSamples: number;
  data: ModerationData;
  seedSeconds: number;
  tableRows: number;
  cases: ModCase[];
  plans: Plan[];
  experiment: { label: string; before: Plan; after: Plan }[];
  indexes: string[];
  oneCall: { statement: Statement; executionMs: number; plan: string[] }[];
  counts: Record<string, number>;
  alternative: { text: string; executionMs: number; plan: string[] }[];
};

const isProblem = (p: Plan) => p.seqScan || p.sortRows > 1000 || p.external || p.executionMs > 10 || p.rowsRemoved > 3000;

async function timeBudget(run: () => Promise<unknown>, iterations: number): Promise<Summary> {
  for (let i = 0; i < 3; i++) await run();
  const samples: number[] = [];
  const t0 = performance.now();
  while (samples.length < iterations && (samples.length < MIN_SAMPLES || since(t0) < BUDGET_MS)) {
    const started = performance.now();
    await run();
    samples.push(since(started));
  }
  return summarize(samples);
}

/** Candidate fixes, tried inside a transaction that is rolled back (not a schema change). */
const moderationIndexes = [
  `CREATE EXTENSION IF NOT EXISTS pg_trgm`,
  `CREATE INDEX bench_comment_body_trgm ON "Comment" USING gin (body gin_trgm_ops)`,
  `CREATE INDEX bench_comment_article_status_time ON "Comment" ("articleId", status, "createdAt", id)`,
  `CREATE INDEX bench_comment_author_status_time ON "Comment" ("authorId", status, "createdAt", id)`,
  `CREATE INDEX bench_report_open ON "CommentReport" ("commentId") WHERE "resolvedAt" IS NULL`,
  `CREATE INDEX bench_user_name_trgm ON "User" USING gin (name gin_trgm_ops)`,
  `CREATE INDEX bench_audit_target ON "AuditLog" ("targetId")`,
  `CREATE INDEX bench_comment_live_status ON "Comment" (status) WHERE "deletedAt" IS NULL`,
];
/** queueCountsAs without counting every live comment: pending and rejected from the status index, published from Article.commentCount (kept by the commands). */
const countsAlternative = [
  `SELECT status, count(*)::int FROM "Comment" WHERE status IN ('PENDING', 'REJECTED') AND "deletedAt" IS NULL GROUP BY status`,
  `SELECT coalesce(sum("commentCount"), 0)::int AS published FROM "Article"`,
];

export async function measureModeration(
  sql: pg.Client,
  { sourceId, runId, bodies }: { sourceId: string; runId: string; bodies: { body: string; html: string }[] },
  options: BenchOptions,
  log: (message: string) => void,
): Promise<ModerationFigures> {
  const iterations = options.moderationIterations;
  const deepPage = options.moderationDeepPage;
  const { listQueueAs, queueCountsAs } = await import('@/lib/moderation/list-queue');
  const { listAuditLogAs } = await import('@/lib/moderation/list-audit-log');
  const { resolveSessionUser } = await import('@/lib/auth/current-user');
  const { openSession } = await import('@/lib/auth/session-records');
  type QueueInput = Parameters<typeof listQueueAs>[1];

  const seedStarted = performance.now();
  const articleIds: string[] = [];
  for (let i = 0; i < MOD_ARTICLES; i++) {
    articleIds.push((await cloneArticle(sql, sourceId, `bench-${runId}-moderation-${i + 1}`, ` (bench, moderation ${i + 1})`)).id);
  }
  const authors = await seedUsers(sql, options.moderationAuthors, `${runId}m`);
  const moderators = await seedUsers(sql, 6, `${runId}mod`);
  await sql.query(`UPDATE "User" SET role = 'MODERATOR', name = 'Bench Moderator ' || right(email, 20) WHERE id = ANY($1::uuid[])`, [moderators.map((m) => m.id)]);
  const data = await seedModeration(sql, { articleIds, authors, moderators: moderators.map((m) => m.id), bodies, total: options.moderationComments });
  await sql.query('VACUUM ANALYZE');
  const seedSeconds = since(seedStarted) / 1000;
  const tableRows = Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM "Comment"')).rows[0]!.n);
  log(
    `Moderation: seeded ${data.comments} comments (${tableRows} in the table), ${data.openReports} open reports, ${data.auditEntries} audit entries in ${seedSeconds.toFixed(1)} s.`,
  );

  const actor = await resolveSessionUser(await openSession({ id: moderators[0]!.id, sessionVersion: 0 }));
  if (!actor || actor.role !== 'MODERATOR') throw new Error('The bench moderator did not resolve.');

  const cases: ModCase[] = [];
  const plans: Plan[] = [];
  let oneCall: Statement[] = [];
  const mainStatements = (queue: string, statements: Statement[]): [string, Statement][] => {
    if (queue === 'reported') {
      const scoped = statements.find((s) => /"CommentReport"/.test(s.text) && /FROM "public"\."Comment"/.test(s.text));
      const grouped = statements.find((s) => /GROUP BY r\."commentId"/.test(s.text));
      return [
        ...(scoped ? [['comments with open reports', scoped] as [string, Statement]] : []),
        ...(grouped ? [['open reports grouped (raw SQL)', grouped] as [string, Statement]] : []),
      ];
    }
    const keyset = statements.find((s) => /FROM "public"\."Comment"/.test(s.text) && /ORDER BY/.test(s.text) && /LIMIT/.test(s.text));
    return keyset ? [['keyset query', keyset]] : [];
  };
  const queueCase = async (group: string, call: string, page: string, input: QueueInput, explainIt: boolean) => {
    const first = await capture(() => listQueueAs(actor, input));
    const timing = await timeBudget(() => listQueueAs(actor, input), iterations);
    cases.push({ group, call, page, items: first.result.items.length, statements: first.statements.length, timing });
    if (explainIt) {
      for (const [what, statement] of mainStatements(input.queue ?? 'pending', first.statements)) {
        plans.push(await explain(sql, `${group === 'queue' ? '' : `${group}: `}${call}, ${page}: ${what}`, statement));
      }
    }
    log(`listQueueAs ${call} ${page}: ${first.result.items.length} items, median ${timing.median.toFixed(2)} ms`);
    return first;
  };

  const queues = ['pending', 'reported', 'recent', 'rejected'] as const;
  for (const queue of queues) {
    const first = await queueCase('queue', queue, 'first', { queue }, true);
    if (queue === 'pending') oneCall = first.statements;
    let cursor: string | undefined;
    let pageNumber = 1;
    let next = first.result.nextCursor;
    while (next && pageNumber < deepPage) {
      cursor = next;
      pageNumber++;
      next = (await listQueueAs(actor, { queue, cursor })).nextCursor;
    }
    if (cursor) await queueCase('queue', queue, `page ${pageNumber}`, { queue, cursor }, true);
  }
  const filters: [string, Partial<QueueInput>][] = [
    [`article (busiest, ${data.busiestArticle.comments.toLocaleString('en-US')} comments)`, { article: data.busiestArticle.id }],
    [`author by email (typical, ${data.typicalAuthor.comments} comments)`, { author: data.typicalAuthor.email }],
    [`text q="${RARE_WORD}" (${data.rareWordComments} comments)`, { q: RARE_WORD }],
  ];
  for (const [label, filter] of filters) {
    for (const queue of queues) await queueCase(label, queue, 'first', { queue, ...filter }, true);
  }
  await queueCase(`text q="${COMMON_WORD}" (about half the comments)`, 'recent', 'first', { queue: 'recent', q: COMMON_WORD }, true);
  await queueCase('text q="zeppelin" (no match)', 'recent', 'first', { queue: 'recent', q: 'zeppelin' }, true);
  await queueCase(
    `author by email (busiest, ${data.busiestAuthor.comments} comments)`,
    'recent',
    'first',
    { queue: 'recent', author: data.busiestAuthor.email },
    true,
  );

  // queueCountsAs: every statement it sends.
  const countsCall = await capture(() => queueCountsAs(actor));
  const countsTiming = await timeBudget(() => queueCountsAs(actor), iterations);
  cases.push({ group: 'counts', call: 'queueCountsAs', page: '', items: 5, statements: countsCall.statements.length, timing: countsTiming });
  log(`queueCountsAs: median ${countsTiming.median.toFixed(2)} ms`);
  for (const statement of countsCall.statements) {
    const what = /GROUP BY/i.test(statement.text)
      ? 'comments by status (groupBy)'
      : /"CommentReport"/.test(statement.text)
        ? 'distinct reported comments'
        : /"Appeal"/.test(statement.text)
          ? 'open appeals'
          : 'other';
    plans.push(await explain(sql, `queueCountsAs: ${what}`, statement));
  }

  // listAuditLogAs: first page, 20 pages in, by action, by actor.
  const auditCase = async (page: string, input: Parameters<typeof listAuditLogAs>[1]) => {
    const first = await capture(() => listAuditLogAs(actor, input));
    const timing = await timeBudget(() => listAuditLogAs(actor, input), iterations);
    cases.push({ group: 'audit log', call: 'listAuditLogAs', page, items: first.result.entries.length, statements: first.statements.length, timing });
    const entries = first.statements.find((s) => /FROM "public"\."AuditLog"/.test(s.text));
    if (entries) plans.push(await explain(sql, `listAuditLogAs, ${page}`, entries));
    log(`listAuditLogAs ${page}: median ${timing.median.toFixed(2)} ms`);
    return first.result;
  };
  let audit = await auditCase('first', {});
  for (let page = 2; page < deepPage && audit.nextBefore; page++) audit = await listAuditLogAs(actor, { before: audit.nextBefore });
  if (audit.nextBefore) await auditCase(`page ${deepPage}`, { before: audit.nextBefore });
  await auditCase('action = COMMENT_APPROVED', { action: 'COMMENT_APPROVED' });
  await auditCase('actor by email', { actor: moderators[1]!.email });
  const target = (await sql.query<{ id: string }>(`SELECT "targetId" AS id FROM "AuditLog" WHERE "targetType" = 'comment' ORDER BY id LIMIT 1`)).rows[0]!.id;
  await auditCase('target id (a comment)', { target });

  // Where the time of one call goes: every statement of a pending first page.
  const oneCallPlans: { statement: Statement; executionMs: number; plan: string[] }[] = [];
  for (const statement of oneCall) {
    const plan = await explainLines(sql, statement);
    oneCallPlans.push({ statement, plan, executionMs: executionMs(plan) });
  }
  // The author's comment count per item, as one grouped count over the page's authors (like the rejections count).
  const rejections = oneCall.find((st) => /_count\$_all/.test(st.text) && /"authorId" IN/.test(st.text));
  const authorCount = rejections
    ? {
        text: `SELECT "authorId", count(*)::int FROM "Comment" WHERE "authorId" = ANY($1::uuid[]) GROUP BY "authorId"`,
        values: [rejections.values.filter((v) => typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v))],
      }
    : undefined;
  const alternative: { text: string; executionMs: number; plan: string[] }[] = [];
  for (const { text, values } of [...countsAlternative.map((text) => ({ text, values: [] as unknown[] })), ...(authorCount ? [authorCount] : [])]) {
    const plan = await explainLines(sql, { text, values });
    alternative.push({ text, plan, executionMs: executionMs(plan) });
  }

  // Candidate indexes, for the plans that scan, sort a lot or are slow.
  const flagged = plans.filter(
    (p) => isProblem(p) || p.lines.some((line, i) => /Seq Scan/.test(line) && Number(/Rows Removed by Filter: (\d+)/.exec(p.lines[i + 2] ?? '')?.[1] ?? 0) > 3000),
  );
  const experiment: ModerationFigures['experiment'] = [];
  if (flagged.length) {
    await sql.query('BEGIN');
    try {
      for (const ddl of moderationIndexes) await sql.query(ddl);
      await sql.query('ANALYZE "Comment"');
      await sql.query('ANALYZE "CommentReport"');
      await sql.query('ANALYZE "User"');
      await sql.query('ANALYZE "AuditLog"');
      for (const before of flagged) experiment.push({ label: before.label, before, after: await explain(sql, before.label, before.statement) });
    } finally {
      await sql.query('ROLLBACK');
    }
  }
  const counts = (await queueCountsAs(actor)) as unknown as Record<string, number>;
  return {
    comments: options.moderationComments,
    authors: options.moderationAuthors,
    iterations,
    deepPage,
    budgetMs: BUDGET_MS,
    minSamples: MIN_SAMPLES,
    data,
    seedSeconds,
    tableRows,
    cases,
    plans,
    experiment,
    indexes: moderationIndexes,
    oneCall: oneCallPlans,
    counts,
    alternative,
  };
}
