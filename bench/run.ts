// npm run bench: measured figures for this machine, written to bench/reports/latest.md.
//
//  1. Opening a thread: listThreadPage on an article with 10 comments and one with
//     10,000, first page and a deep page (50 pages in), each sort; EXPLAIN ANALYZE
//     of the top-level query on the large thread.
//  2. HTTP: a production build (in .next-bench) under `next start`, loaded with a
//     bounded concurrent fetch loop; database transactions per anonymous view from
//     pg_stat_database; the server's resident memory.
//  3. Posting: postCommentAs by distinct established readers, one after another.
//  4. Moderation queues at 100,000 comments: listQueueAs (each queue, first page and
//     20 pages in, each filter), queueCountsAs and listAuditLogAs as a moderator;
//     EXPLAIN ANALYZE of their main queries, and candidate indexes tried in a
//     rolled-back transaction.
//
// Everything runs in a throwaway database (on DATABASE_URL's server, or an
// embedded PostgreSQL in .data/bench-postgres) that is dropped at the end, also
// on failure and on Ctrl-C; every process the bench starts is stopped.
//   npm run bench [-- --skip-http] [-- --skip-moderation] [-- --rebuild] [-- --iterations=200]
//                 [-- --moderation-comments=100000] [-- --moderation-iterations=60]
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, open, rename, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { resolveDatabase, type ResolvedDatabase, withDatabaseName } from '../scripts/db/local-postgres';
import { applyMigrations } from '../scripts/db/schema-engine';
import type { ThreadPage } from '@/lib/comments/list-thread';
import { onShutdownSignal } from '../scripts/support/processes';
import { benchDistDir, buildIfNeeded, clearDataCache, freePort, load, type LoadResult, type Server, startServer, stopServer, treeRss } from './http';
import { cloneArticle, COMMON_WORD, commentBodies, describeThread, finishCounters, generateThread, insertComments, type ModerationData, RARE_WORD, seedModeration, seedUsers, type ThreadShape } from './seed';
import { mb, ms, prng, since, sleep, summarize, type Summary, table } from './stats';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: number) => {
  const raw = args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number.`);
  return value;
};
const ITERATIONS = option('iterations', 200);
const WARMUP = 15;
const DEEP_PAGE = 50;
const POSTS = option('posts', 40);
const SKIP_HTTP = flag('skip-http');
const SKIP_MODERATION = flag('skip-moderation');
const MOD_COMMENTS = option('moderation-comments', 100_000);
const MOD_ARTICLES = 50;
const MOD_AUTHORS = 3000;
const MOD_ITERATIONS = option('moderation-iterations', 60);
/** Stop timing a slow call after this long (keeping at least MOD_MIN_SAMPLES). */
const MOD_BUDGET_MS = 4000;
const MOD_MIN_SAMPLES = 15;
const MOD_DEEP_PAGE = 20;
/** "Slow" in the report: a median above this at 100,000 comments. */
const SLOW_MS = 50;
const REBUILD = flag('rebuild');
const LOAD = { concurrency: 8, maxRequests: 5000, maxSeconds: 10 };
/** One request at a time: latency without queueing. */
const SEQUENTIAL = { concurrency: 1, maxRequests: 300, maxSeconds: 5 };
/** PostgreSQL flushes an idle backend's counters to pg_stat_database within 10 s. */
const STATS_FLUSH_MS = 11_500;

const root = path.resolve(import.meta.dirname, '..');
const reportFile = path.join(root, 'bench', 'reports', 'latest.md');
const baseEnv: NodeJS.ProcessEnv = { ...process.env };
const runStarted = performance.now();
const loadAtStart = os.loadavg().map((value) => value.toFixed(2)).join(' / ');

let server: ResolvedDatabase | undefined;
let databaseName: string | undefined;
let app: Server | undefined;
let disconnectApp: (() => Promise<void>) | undefined;

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  if (!server) throw new Error('no database server');
  const client = new pg.Client({ connectionString: withDatabaseName(server.url, 'postgres') });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function cleanup() {
  if (app) {
    await stopServer(app).catch(() => {});
    app = undefined;
  }
  await disconnectApp?.().catch(() => {});
  if (server && databaseName) {
    const name = databaseName;
    databaseName = undefined;
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`)).then(
      () => console.log(`Dropped ${name}.`),
      (error: unknown) => console.error(`Could not drop ${name}: ${error instanceof Error ? error.message : error}`),
    );
  }
  await server?.stop();
  server = undefined;
}

onShutdownSignal(async () => {
  await cleanup();
  return 130;
});

const log = (message: string) => console.log(`[bench ${(since(runStarted) / 1000).toFixed(0).padStart(3)} s] ${message}`);

// --- Statements the app sends, seen at the pg driver ------------------------------------------
// The Prisma adapter runs every statement through pg.Client#query; while `capturing`
// is set, record them, to count statements per call and to EXPLAIN the real SQL.
type Statement = { text: string; values: unknown[] };
let capturing: Statement[] | undefined;
{
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
    if (capturing) {
      const [config, values] = args;
      const text = typeof config === 'string' ? config : ((config as { text?: string } | undefined)?.text ?? '');
      const vals = (typeof config === 'object' && config && (config as { values?: unknown[] }).values) || (Array.isArray(values) ? values : []);
      capturing.push({ text, values: vals });
    }
    return original.apply(this, args);
  };
}
async function capture<T>(run: () => Promise<T>): Promise<{ result: T; statements: Statement[] }> {
  capturing = [];
  try {
    const result = await run();
    return { result, statements: capturing };
  } finally {
    capturing = undefined;
  }
}

async function timeIt(run: () => Promise<unknown>, iterations: number, warmup = WARMUP): Promise<Summary> {
  for (let i = 0; i < warmup; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await run();
    samples.push(since(started));
  }
  return summarize(samples);
}

type ThreadCase = { article: string; sort: string; page: string; pageNumber: number; items: number; statements: number; timing: Summary };
type PlanCase = { sort: string; page: string; statement: Statement; plan: string[]; seqScan: boolean; sortNodes: string[]; executionMs: number; rowsRemoved: number; indexes: string[] };

async function main() {
  const report: string[] = [];
  const started = new Date();

  // --- Database ---------------------------------------------------------------------------------
  server = await resolveDatabase({ dataDir: '.data/bench-postgres', databaseName: 'postgres', defaultPort: 54331 });
  const name = `parley_bench_${randomBytes(4).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  databaseName = name;
  const url = withDatabaseName(server.url, name);
  const applied = await applyMigrations(url);
  log(`Created ${name}, applied ${applied.length} migration(s).`);
  const serverVersion = await admin(async (client) => (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?');

  // lib/db.ts reads DATABASE_URL when first imported.
  process.env.DATABASE_URL = url;
  const { db } = await import('@/lib/db');
  disconnectApp = () => db.$disconnect();
  const { seedArticles } = await import('@/lib/articles/seed-articles');
  const { listThreadPage, THREAD_PAGE_SIZE } = await import('@/lib/comments/list-thread');
  const { postCommentAs } = await import('@/lib/comments/post-comment');
  const { resolveSessionUser } = await import('@/lib/auth/current-user');

  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  let sqlOpen = true;
  const closeSql = async () => {
    if (sqlOpen) {
      sqlOpen = false;
      await sql.end().catch(() => {});
    }
  };
  try {
    // --- Seed ---------------------------------------------------------------------------------------
    const seedStarted = performance.now();
    await seedArticles();
    const source = (await sql.query<{ id: string }>(`SELECT id FROM "Article" ORDER BY "createdAt", slug LIMIT 1`)).rows[0];
    if (!source) throw new Error('content/articles seeded no article.');
    const runId = randomBytes(3).toString('hex');
    const random = prng(20261126);
    const userPrefix = `bench-${runId}-`;
    const users = await seedUsers(sql, 300, runId);
    const bodies = commentBodies(random);
    const small = await cloneArticle(sql, source.id, `bench-${runId}-10-comments`, ' (bench, 10 comments)');
    const large = await cloneArticle(sql, source.id, `bench-${runId}-10000-comments`, ' (bench, 10,000 comments)');
    const posting = await cloneArticle(sql, source.id, `bench-${runId}-posting`, ' (bench, posting)');
    const shapes: Record<string, { total: number; topLevel: number }> = {
      [small.id]: { total: 10, topLevel: 6 },
      [large.id]: { total: 10_000, topLevel: 2_000 },
      [posting.id]: { total: 200, topLevel: 60 },
    };
    for (const article of [small, large, posting]) {
      const shape = shapes[article.id]!;
      await insertComments(sql, article.id, generateThread(random, { ...shape, users, bodies, paragraphIds: article.paragraphIds }));
    }
    await finishCounters(sql, [small.id, large.id, posting.id], userPrefix);
    await sql.query('VACUUM ANALYZE');
    const smallShape = await describeThread(sql, small.id);
    const largeShape = await describeThread(sql, large.id);
    const seedSeconds = since(seedStarted) / 1000;
    log(`Seeded ${smallShape.comments} + ${largeShape.comments} + 200 comments, ${users.length} readers in ${seedSeconds.toFixed(1)} s.`);
    if (!smallShape.consistent || !largeShape.consistent) log('WARNING: seeded counters are inconsistent (see report).');

    // --- 1. Thread opening cost ------------------------------------------------------------------
    const cases: ThreadCase[] = [];
    const plans: PlanCase[] = [];
    let repliesPlan: string[] = [];
    let oneCall: Statement[] = [];
    const sorts = ['best', 'newest', 'oldest'] as const;
    for (const [label, article] of [
      ['10 comments', small],
      ['10,000 comments', large],
    ] as const) {
      for (const sort of sorts) {
        const first = await capture(() => listThreadPage({ articleId: article.id, sort, viewer: null }));
        const firstTiming = await timeIt(() => listThreadPage({ articleId: article.id, sort, viewer: null }), ITERATIONS);
        cases.push({ article: label, sort, page: 'first', pageNumber: 1, items: first.result.items.length, statements: first.statements.length, timing: firstTiming });

        // Follow nextCursor up to DEEP_PAGE pages in.
        let cursor: string | undefined;
        let pageNumber = 1;
        let next = first.result.nextCursor;
        while (next && pageNumber < DEEP_PAGE) {
          cursor = next;
          pageNumber++;
          next = (await listThreadPage({ articleId: article.id, sort, cursor, viewer: null })).nextCursor;
        }
        let deep: { result: ThreadPage; statements: Statement[] } | undefined;
        if (cursor) {
          const deepCursor = cursor;
          deep = await capture(() => listThreadPage({ articleId: article.id, sort, cursor: deepCursor, viewer: null }));
          const deepTiming = await timeIt(() => listThreadPage({ articleId: article.id, sort, cursor: deepCursor, viewer: null }), ITERATIONS);
          cases.push({ article: label, sort, page: `page ${pageNumber}`, pageNumber, items: deep.result.items.length, statements: deep.statements.length, timing: deepTiming });
        }
        log(`listThreadPage ${label} ${sort}: first ${ms(firstTiming.median)} ms median${cursor ? `, page ${pageNumber} ${ms(cases.at(-1)!.timing.median)} ms` : ''}`);

        if (article === large) {
          for (const [page, captured] of [
            ['first', first],
            [`page ${pageNumber}`, deep],
          ] as const) {
            if (!captured) continue;
            const topLevel = captured.statements.find((s) => /from\s+"public"\."Comment"/i.test(s.text) && !/unnest/i.test(s.text));
            if (!topLevel) throw new Error('Could not find the top-level comment query among the statements listThreadPage sent.');
            plans.push(await explain(sql, sort, page, topLevel));
            if (sort === 'best' && page === 'first') {
              oneCall = captured.statements;
              const replies = captured.statements.find((s) => /unnest/i.test(s.text));
              if (replies) repliesPlan = await explainLines(sql, replies);
            }
          }
        }
      }
    }

    // Same statements with partial indexes on top-level comments, created in a
    // transaction that is rolled back: what the plans would be, not a schema change.
    const experiment = await withPartialIndexes(sql, async () => {
      const again: PlanCase[] = [];
      for (const p of plans) again.push(await explainAgain(sql, p));
      return again;
    });

    // --- 3. Posting ---------------------------------------------------------------------------------
    const targets = (
      await sql.query<{ id: string }>(
        `SELECT id FROM "Comment" WHERE "articleId" = $1 AND status = 'PUBLISHED' AND "deletedAt" IS NULL ORDER BY "createdAt"`,
        [posting.id],
      )
    ).rows.map((row) => row.id);
    const postWarmup = 5;
    const postSamples: number[] = [];
    let postStatements = 0;
    let replied = 0;
    for (let i = 0; i < postWarmup + POSTS; i++) {
      const reader = users[i];
      if (!reader) throw new Error('Not enough bench readers for --posts.');
      const actor = await resolveSessionUser({ sub: reader.id, sv: 0 });
      if (!actor) throw new Error(`Bench reader ${reader.email} did not resolve.`);
      const replyToId = i % 2 === 1 ? random.pick(targets) : undefined;
      const input = {
        articleId: posting.id,
        body: `Bench post ${i} by ${actor.name}: ${bodies[i % bodies.length]!.body}`,
        replyToId,
        quotedParagraphId: i % 5 === 0 ? random.pick(posting.paragraphIds) : undefined,
        idempotencyKey: randomUUID(),
      };
      const t0 = performance.now();
      const { result, statements } = await capture(() => postCommentAs(actor, input));
      const elapsed = since(t0);
      if (result.replayed || result.status !== 'PUBLISHED') throw new Error(`Post ${i} was not published: ${JSON.stringify(result)}`);
      if (i >= postWarmup) {
        postSamples.push(elapsed);
        postStatements += statements.length;
        if (replyToId) replied++;
      }
    }
    const postTiming = summarize(postSamples);
    const postingShape = await describeThread(sql, posting.id);
    log(`postCommentAs: ${POSTS} posts, median ${ms(postTiming.median)} ms, p95 ${ms(postTiming.p95)} ms; counters consistent: ${postingShape.consistent}`);

    // --- 4. Moderation queues at scale ------------------------------------------------------------
    const moderation = SKIP_MODERATION ? undefined : await measureModeration(sql, { sourceId: source.id, runId, bodies });

    // Nothing of the bench process may touch the database while the HTTP figures are taken.
    await db.$disconnect();
    await sql.query('VACUUM ANALYZE');
    await closeSql();

    // --- 2. HTTP ------------------------------------------------------------------------------------
    let http: HttpFigures | undefined;
    let httpNote = SKIP_HTTP ? 'Skipped (--skip-http).' : '';
    if (!SKIP_HTTP) {
      http = await measureHttp(url, name, [
        { label: '10 comments', slug: small.slug, title: small.title },
        { label: '10,000 comments', slug: large.slug, title: large.title },
      ]);
      httpNote = http.note;
    }

    // --- Report -------------------------------------------------------------------------------------
    const byKey = (article: string, sort: string, page: string) => cases.find((c) => c.article === article && c.sort === sort && (page === 'first' ? c.page === 'first' : c.page !== 'first'));
    report.push(
      '# Parley bench',
      '',
      `Run ${started.toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${mb(os.totalmem())} RAM, Node ${process.version}, PostgreSQL ${serverVersion} (${server.embedded ? 'embedded' : 'DATABASE_URL server'}). ` +
        `Generated by \`npm run bench\` (bench/run.ts) in ${(since(runStarted) / 1000).toFixed(0)} s. Times are wall-clock milliseconds in this process; the database is on the same machine (loopback). Load average at start: ${loadAtStart}.`,
      ...(Number(loadAtStart.split(' / ')[0]) > os.cpus().length
        ? ['', `> **Busy machine:** the 1-minute load average (${loadAtStart.split(' / ')[0]}) exceeded the ${os.cpus().length} cores when the run started, so other work competed with the bench and these times are inflated.`]
        : []),
      '',
      '## Data',
      '',
      table(
        ['article', 'comments', 'published (not deleted)', 'top-level', 'by depth 1/2/3', 'largest replyCount', 'Insightful reactions', 'counters consistent'],
        [
          ['10 comments', smallShape, small.slug] as const,
          ['10,000 comments', largeShape, large.slug] as const,
          ['posting target (after the posts)', postingShape, posting.slug] as const,
        ].map(([label, shape]) => [label, shape.comments, shape.published, shape.topLevel, depthText(shape), shape.maxReplies, shape.reactions, shape.consistent ? 'yes' : '**NO**']),
      ),
      '',
      `${users.length} established readers (accounts 60 days old). Top-level comments spread over 30 days; replies concentrate on some threads (log-normal weights, 40% of top-level comments unanswered) and nest to depth 3 the way postComment caps it. ~2% rejected, ~1% pending, ~3% deleted by their author. insightfulCount is skewed (60% zero, 5% above 20) and backed by real CommentReaction rows; \`replyCount\` and \`commentCount\` are recomputed from the rows and checked. Seeding took ${seedSeconds.toFixed(1)} s.`,
      '',
      '## 1. Opening a thread: `listThreadPage`',
      '',
      `Anonymous viewer, ${THREAD_PAGE_SIZE} top-level comments a page with their first replies; ${ITERATIONS} timed calls after ${WARMUP} warm-up calls per row. The deep page is reached by following \`nextCursor\` (keyset), ${DEEP_PAGE} pages in where the thread has that many. "SQL" counts the statements one call sends.`,
      '',
      table(
        ['article', 'sort', 'page', 'items', 'SQL', 'median ms', 'p95 ms', 'p99 ms', 'max ms'],
        cases.map((c) => [c.article, c.sort, c.page, c.items, c.statements, ms(c.timing.median), ms(c.timing.p95), ms(c.timing.p99), ms(c.timing.max)]),
      ),
      '',
      '**10,000 vs 10 comments** (median, and p95 in brackets):',
      '',
      table(
        ['sort', '10: first page', '10,000: first page', 'ratio', `10,000: page ${DEEP_PAGE}`, 'ratio to 10'],
        sorts.map((sort) => {
          const a = byKey('10 comments', sort, 'first')!;
          const b = byKey('10,000 comments', sort, 'first')!;
          const d = byKey('10,000 comments', sort, 'deep');
          return [
            sort,
            `${ms(a.timing.median)} (${ms(a.timing.p95)})`,
            `${ms(b.timing.median)} (${ms(b.timing.p95)})`,
            `${(b.timing.median / a.timing.median).toFixed(2)}×`,
            d ? `${ms(d.timing.median)} (${ms(d.timing.p95)})` : 'n/a',
            d ? `${(d.timing.median / a.timing.median).toFixed(2)}×` : 'n/a',
          ];
        }),
      ),
      '',
      '### Query plans on the 10,000-comment thread',
      '',
      'The top-level query exactly as listThreadPage sends it (captured at the pg driver), run with `EXPLAIN (ANALYZE, BUFFERS)`.',
      '',
      table(
        ['sort', 'page', 'execution ms', 'Seq Scan on Comment', 'Sort nodes', 'rows removed by filter', 'plan (key lines)'],
        plans.map((p) => [p.sort, p.page, ms(p.executionMs, 3), p.seqScan ? '**yes**' : 'no', p.sortNodes.length ? p.sortNodes.join('; ') : 'none', p.rowsRemoved, keyLines(p.plan).join('<br>')]),
      ),
      '',
      ...plans.flatMap((p) => [`<details><summary>${p.sort}, ${p.page}: full plan</summary>`, '', '```', ...p.plan, '```', '', '</details>', '']),
      ...(repliesPlan.length ? ['<details><summary>first replies of a page (LATERAL), best, first page: full plan</summary>', '', '```', ...repliesPlan, '```', '', '</details>', ''] : []),
      ...planFindings(plans),
      '',
      '**Experiment (not applied to the schema):** the same statements again, with two partial indexes on top-level comments created inside a transaction that is then rolled back:',
      '',
      ...partialIndexes.map((ddl) => `- \`${ddl}\``),
      '',
      table(
        ['sort', 'page', 'execution ms now', 'with partial indexes', 'Sort nodes', 'rows removed by filter', 'index used'],
        experiment.map((e, i) => [e.sort, e.page, ms(plans[i]!.executionMs, 3), ms(e.executionMs, 3), e.sortNodes.length ? 'yes' : 'none', e.rowsRemoved, e.indexes.join(', ') || (e.seqScan ? 'Seq Scan' : '?')]),
      ),
      '',
      ...experiment.flatMap((p) => [`<details><summary>with partial indexes, ${p.sort}, ${p.page}: full plan</summary>`, '', '```', ...p.plan, '```', '', '</details>', '']),
      `<details><summary>The ${oneCall.length} statements of one listThreadPage call (anonymous, best, first page)</summary>`,
      '',
      '```',
      ...oneCall.map((s, i) => `${i + 1}. ${s.text.replace(/\s+/g, ' ').slice(0, 220)}${s.text.length > 220 ? ' ...' : ''}`),
      '```',
      '',
      '</details>',
      '',
      '## 2. HTTP: the anonymous article page',
      '',
      ...(http ? httpSection(http) : [httpNote]),
      '',
      '## 3. Posting: `postCommentAs`',
      '',
      `${POSTS} sequential posts (after ${postWarmup} untimed warm-up posts) on an article with 200 comments, each by a different established reader (no rate limit applies), ${replied} of them replies, every fifth quoting a paragraph. Each runs the whole command: article lookup, idempotency check, rate-limit rows, duplicate check, placement, insert, counters, NOTIFY, in one transaction.`,
      '',
      table(
        ['posts', 'median ms', 'p95 ms', 'p99 ms', 'max ms', 'SQL statements per post'],
        [[postTiming.n, ms(postTiming.median), ms(postTiming.p95), ms(postTiming.p99), ms(postTiming.max), (postStatements / Math.max(1, postTiming.n)).toFixed(1)]],
      ),
      '',
      `Counters after posting: commentCount ${postingShape.commentCount} = published comments ${postingShape.published}; replyCount consistent: ${postingShape.consistent ? 'yes' : '**no**'}.`,
      '',
      `## 4. Moderation queues at ${MOD_COMMENTS.toLocaleString('en-US')} comments`,
      '',
      ...(moderation ? moderationSection(moderation) : ['Skipped (--skip-moderation).']),
      '',
    );
  } finally {
    await closeSql();
  }

  await mkdir(path.dirname(reportFile), { recursive: true });
  await writeFile(`${reportFile}.tmp`, report.join('\n'));
  await rename(`${reportFile}.tmp`, reportFile);
  console.log(`\n${report.join('\n')}`);
}

function depthText(shape: ThreadShape) {
  return ['1', '2', '3'].map((depth) => shape.byDepth[depth] ?? 0).join(' / ');
}

// --- EXPLAIN ------------------------------------------------------------------------------------
async function explainLines(client: pg.Client, statement: Statement): Promise<string[]> {
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values as unknown[]);
  return rows.map((row) => row['QUERY PLAN']);
}

async function explain(client: pg.Client, sort: string, page: string, statement: Statement): Promise<PlanCase> {
  const plan = await explainLines(client, statement);
  return {
    sort,
    page,
    statement,
    plan,
    indexes: [...new Set(plan.flatMap((line) => [...line.matchAll(/(?:Index Scan(?: Backward)?|Index Only Scan|Bitmap Index Scan) (?:using|on) "?([\w]+)"?/g)].map((m) => m[1]!)))],
    seqScan: plan.some((line) => /Seq Scan on "?Comment"?/.test(line)),
    sortNodes: plan.filter((line) => /->\s+(Incremental )?Sort\b|^\s*(Incremental )?Sort\b/.test(line)).map((line) => line.trim().replace(/\s+\(cost.*$/, '')),
    executionMs: Number(/Execution Time: ([\d.]+)/.exec(plan.join('\n'))?.[1] ?? Number.NaN),
    rowsRemoved: plan.reduce((sum, line) => sum + Number(/Rows Removed by Filter: (\d+)/.exec(line)?.[1] ?? 0), 0),
  };
}

const explainAgain = (client: pg.Client, p: PlanCase) => explain(client, p.sort, p.page, p.statement);

async function withPartialIndexes<T>(client: pg.Client, run: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    for (const ddl of partialIndexes) await client.query(ddl);
    await client.query('ANALYZE "Comment"');
    return await run();
  } finally {
    await client.query('ROLLBACK');
  }
}
const partialIndexes = [
  `CREATE INDEX bench_top_level_by_time ON "Comment" ("articleId", status, "createdAt", id) WHERE "rootId" IS NULL`,
  `CREATE INDEX bench_top_level_by_insightful ON "Comment" ("articleId", status, "insightfulCount", "createdAt", id) WHERE "rootId" IS NULL`,
];

/** The first scan nodes with their index and conditions; buffers and timings of the top node. */
function keyLines(plan: string[]): string[] {
  const wanted = /Limit|Scan|Sort|Index Cond|Filter:|Rows Removed|Execution Time/;
  const lines = plan.filter((line) => wanted.test(line)).map((line) =>
    line
      .trim()
      .replace(/^->\s+/, '')
      .replace(/\s+\(cost=[^)]*\)/, '')
      .replace(/\|/g, '\\|'),
  );
  return lines.slice(0, 8).map((line) => `\`${line.length > 160 ? `${line.slice(0, 157)}...` : line}\``);
}

function planFindings(plans: PlanCase[]): string[] {
  const findings: string[] = [];
  const seq = plans.filter((p) => p.seqScan);
  const sorted = plans.filter((p) => p.sortNodes.length);
  findings.push(
    seq.length
      ? `**Sequential scan of Comment** in: ${seq.map((p) => `${p.sort}/${p.page}`).join(', ')}.`
      : 'No plan scans the Comment table sequentially: every top-level query reads an index in the requested order.',
  );
  findings.push(
    sorted.length
      ? `Sort nodes appear in: ${sorted.map((p) => `${p.sort}/${p.page} (${p.sortNodes.join('; ')})`).join(', ')}.`
      : 'No plan sorts the thread: the LIMIT stops the index scan after one page.',
  );
  const heavy = plans.filter((p) => p.rowsRemoved > 200);
  if (heavy.length) {
    findings.push(
      `Rows read and thrown away by a filter: ${heavy.map((p) => `${p.sort}/${p.page} ${p.rowsRemoved}`).join(', ')} (a page returns 21).`,
    );
  }
  const used = [...new Set(plans.flatMap((p) => p.indexes))];
  findings.push(`Indexes used: ${used.length ? used.map((index) => `\`${index}\``).join(', ') : 'none'}.`);
  return findings.map((finding) => `- ${finding}`);
}

// --- 4. Moderation -------------------------------------------------------------------------------
type ModCase = { group: string; call: string; page: string; items: number; statements: number; timing: Summary };
type ModPlan = PlanCase & { label: string; sortRows: number; external: boolean; totalRows: number };
type ModerationFigures = {
  data: ModerationData;
  seedSeconds: number;
  tableRows: number;
  cases: ModCase[];
  plans: ModPlan[];
  experiment: { label: string; before: ModPlan; after: ModPlan }[];
  oneCall: { statement: Statement; executionMs: number; plan: string[] }[];
  counts: Record<string, number>;
  alternative: { text: string; executionMs: number; plan: string[] }[];
};

/** Rows the largest Sort node sorted, and whether any sort spilled to disk. */
function sortFacts(plan: string[]) {
  let sortRows = 0;
  let external = false;
  plan.forEach((line, i) => {
    if (!/(->\s+|^\s*)(Incremental )?Sort\b/.test(line)) return;
    sortRows = Math.max(sortRows, Number(/actual time=[\d.]+\.\.[\d.]+ rows=(\d+)/.exec(line)?.[1] ?? 0));
    if (/external|Disk:/.test(plan[i + 1] ?? '') || /external|Disk:/.test(plan[i + 2] ?? '')) external = true;
  });
  return { sortRows, external };
}

async function explainMod(client: pg.Client, label: string, statement: Statement): Promise<ModPlan> {
  const base = await explain(client, label, '', statement);
  const { sortRows, external } = sortFacts(base.plan);
  const totalRows = Number(/actual time=[\d.]+\.\.[\d.]+ rows=(\d+)/.exec(base.plan[0] ?? '')?.[1] ?? 0);
  // Not "CommentReport": the Comment table itself.
  const seqScan = base.plan.some((line) => /Seq Scan on "?Comment"?(?![\w])/.test(line));
  return { ...base, seqScan, label, sortRows, external, totalRows };
}

const isProblem = (p: ModPlan) => p.seqScan || p.sortRows > 1000 || p.external || p.executionMs > 10 || p.rowsRemoved > 3000;

async function timeBudget(run: () => Promise<unknown>): Promise<Summary> {
  for (let i = 0; i < 3; i++) await run();
  const samples: number[] = [];
  const t0 = performance.now();
  while (samples.length < MOD_ITERATIONS && (samples.length < MOD_MIN_SAMPLES || since(t0) < MOD_BUDGET_MS)) {
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

async function measureModeration(
  sql: pg.Client,
  { sourceId, runId, bodies }: { sourceId: string; runId: string; bodies: { body: string; html: string }[] },
): Promise<ModerationFigures> {
  const { listQueueAs, queueCountsAs } = await import('@/lib/moderation/list-queue');
  const { listAuditLogAs } = await import('@/lib/moderation/list-audit-log');
  const { resolveSessionUser } = await import('@/lib/auth/current-user');
  type QueueInput = Parameters<typeof listQueueAs>[1];

  const seedStarted = performance.now();
  const articleIds: string[] = [];
  for (let i = 0; i < MOD_ARTICLES; i++) {
    articleIds.push((await cloneArticle(sql, sourceId, `bench-${runId}-moderation-${i + 1}`, ` (bench, moderation ${i + 1})`)).id);
  }
  const authors = await seedUsers(sql, MOD_AUTHORS, `${runId}m`);
  const moderators = await seedUsers(sql, 6, `${runId}mod`);
  await sql.query(`UPDATE "User" SET role = 'MODERATOR', name = 'Bench Moderator ' || right(email, 20) WHERE id = ANY($1::uuid[])`, [moderators.map((m) => m.id)]);
  const data = await seedModeration(sql, { articleIds, authors, moderators: moderators.map((m) => m.id), bodies, total: MOD_COMMENTS });
  await sql.query('VACUUM ANALYZE');
  const seedSeconds = since(seedStarted) / 1000;
  const tableRows = Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM "Comment"')).rows[0]!.n);
  log(`Moderation: seeded ${data.comments} comments (${tableRows} in the table), ${data.openReports} open reports, ${data.auditEntries} audit entries in ${seedSeconds.toFixed(1)} s.`);

  const actor = await resolveSessionUser({ sub: moderators[0]!.id, sv: 0 });
  if (!actor || actor.role !== 'MODERATOR') throw new Error('The bench moderator did not resolve.');

  const cases: ModCase[] = [];
  const plans: ModPlan[] = [];
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
    const timing = await timeBudget(() => listQueueAs(actor, input));
    cases.push({ group, call, page, items: first.result.items.length, statements: first.statements.length, timing });
    if (explainIt) {
      for (const [what, statement] of mainStatements(input.queue ?? 'pending', first.statements)) {
        plans.push(await explainMod(sql, `${group === 'queue' ? '' : `${group}: `}${call}, ${page}: ${what}`, statement));
      }
    }
    log(`listQueueAs ${call} ${page}: ${first.result.items.length} items, median ${ms(timing.median)} ms, p95 ${ms(timing.p95)} ms`);
    return first;
  };

  const queues = ['pending', 'reported', 'recent', 'rejected'] as const;
  for (const queue of queues) {
    const first = await queueCase('queue', queue, 'first', { queue }, true);
    if (queue === 'pending') oneCall = first.statements;
    let cursor: string | undefined;
    let pageNumber = 1;
    let next = first.result.nextCursor;
    while (next && pageNumber < MOD_DEEP_PAGE) {
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
  await queueCase(`author by email (busiest, ${data.busiestAuthor.comments} comments)`, 'recent', 'first', { queue: 'recent', author: data.busiestAuthor.email }, true);

  // queueCountsAs: every statement it sends.
  const countsCall = await capture(() => queueCountsAs(actor));
  const countsTiming = await timeBudget(() => queueCountsAs(actor));
  cases.push({ group: 'counts', call: 'queueCountsAs', page: '', items: 5, statements: countsCall.statements.length, timing: countsTiming });
  log(`queueCountsAs: median ${ms(countsTiming.median)} ms, p95 ${ms(countsTiming.p95)} ms`);
  for (const statement of countsCall.statements) {
    const what = /GROUP BY/i.test(statement.text) ? 'comments by status (groupBy)' : /"CommentReport"/.test(statement.text) ? 'distinct reported comments' : /"Appeal"/.test(statement.text) ? 'open appeals' : 'other';
    plans.push(await explainMod(sql, `queueCountsAs: ${what}`, statement));
  }

  // listAuditLogAs: first page, 20 pages in, by action, by actor.
  const auditCase = async (page: string, input: Parameters<typeof listAuditLogAs>[1]) => {
    const first = await capture(() => listAuditLogAs(actor, input));
    const timing = await timeBudget(() => listAuditLogAs(actor, input));
    cases.push({ group: 'audit log', call: 'listAuditLogAs', page, items: first.result.entries.length, statements: first.statements.length, timing });
    const entries = first.statements.find((s) => /FROM "public"\."AuditLog"/.test(s.text));
    if (entries) plans.push(await explainMod(sql, `listAuditLogAs, ${page}`, entries));
    log(`listAuditLogAs ${page}: median ${ms(timing.median)} ms`);
    return first.result;
  };
  let audit = await auditCase('first', {});
  for (let page = 2; page < MOD_DEEP_PAGE && audit.nextBefore; page++) audit = await listAuditLogAs(actor, { before: audit.nextBefore });
  if (audit.nextBefore) await auditCase(`page ${MOD_DEEP_PAGE}`, { before: audit.nextBefore });
  await auditCase('action = COMMENT_APPROVED', { action: 'COMMENT_APPROVED' });
  await auditCase('actor by email', { actor: moderators[1]!.email });
  const target = (await sql.query<{ id: string }>(`SELECT "targetId" AS id FROM "AuditLog" WHERE "targetType" = 'comment' ORDER BY id LIMIT 1`)).rows[0]!.id;
  await auditCase('target id (a comment)', { target });

  // Where the time of one call goes: every statement of a pending first page.
  const oneCallPlans: { statement: Statement; executionMs: number; plan: string[] }[] = [];
  for (const statement of oneCall) {
    const plan = await explainLines(sql, statement);
    oneCallPlans.push({ statement, plan, executionMs: Number(/Execution Time: ([\d.]+)/.exec(plan.join('\n'))?.[1] ?? Number.NaN) });
  }
  // The author's comment count per item, as one grouped count over the page's authors (like the rejections count).
  const rejections = oneCall.find((st) => /_count\$_all/.test(st.text) && /"authorId" IN/.test(st.text));
  const authorCount = rejections
    ? { text: `SELECT "authorId", count(*)::int FROM "Comment" WHERE "authorId" = ANY($1::uuid[]) GROUP BY "authorId"`, values: [rejections.values.filter((v) => typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v))] }
    : undefined;
  const alternative: { text: string; executionMs: number; plan: string[] }[] = [];
  for (const { text, values } of [...countsAlternative.map((text) => ({ text, values: [] as unknown[] })), ...(authorCount ? [authorCount] : [])]) {
    const plan = await explainLines(sql, { text, values });
    alternative.push({ text, plan, executionMs: Number(/Execution Time: ([\d.]+)/.exec(plan.join('\n'))?.[1] ?? Number.NaN) });
  }

  // Candidate indexes, for the plans that scan, sort a lot or are slow.
  const flagged = plans.filter((p) => isProblem(p) || p.plan.some((line, i) => /Seq Scan/.test(line) && Number(/Rows Removed by Filter: (\d+)/.exec(p.plan[i + 2] ?? '')?.[1] ?? 0) > 3000));
  const experiment: ModerationFigures['experiment'] = [];
  if (flagged.length) {
    await sql.query('BEGIN');
    try {
      for (const ddl of moderationIndexes) await sql.query(ddl);
      await sql.query('ANALYZE "Comment"');
      await sql.query('ANALYZE "CommentReport"');
      await sql.query('ANALYZE "User"');
      await sql.query('ANALYZE "AuditLog"');
      for (const before of flagged) experiment.push({ label: before.label, before, after: await explainMod(sql, before.label, before.statement) });
    } finally {
      await sql.query('ROLLBACK');
    }
  }
  const counts = (await queueCountsAs(actor)) as unknown as Record<string, number>;
  return { data, seedSeconds, tableRows, cases, plans, experiment, oneCall: oneCallPlans, counts, alternative };
}

function moderationSection(m: ModerationFigures): string[] {
  const d = m.data;
  const slow = m.cases.filter((c) => c.timing.median > SLOW_MS);
  const scans = m.plans.filter((p) => p.seqScan);
  const sorts = m.plans.filter((p) => p.sortRows > 1000 || p.external);
  const pct = (n: number) => `${((100 * n) / d.comments).toFixed(1)}%`;
  const planRow = (p: ModPlan) => [
    p.label,
    ms(p.executionMs, 2),
    p.seqScan ? '**yes**' : 'no',
    p.sortNodes.length ? `${p.sortRows > 1000 || p.external ? '**' : ''}${p.sortRows} rows${p.external ? ', on disk' : ''}${p.sortRows > 1000 || p.external ? '**' : ''}` : 'none',
    p.rowsRemoved,
    p.indexes.map((i) => `\`${i}\``).join(', ') || '—',
    keyLines(p.plan).join('<br>'),
  ];
  return [
    `${d.comments.toLocaleString('en-US')} comments seeded for this section over ${MOD_ARTICLES} articles (busiest ${d.busiestArticle.comments.toLocaleString('en-US')} comments, quietest ${d.quietestArticle.comments.toLocaleString('en-US')}) by ${MOD_AUTHORS.toLocaleString('en-US')} authors (skewed: the busiest wrote ${d.busiestAuthor.comments}, the median author ${d.typicalAuthor.comments}); with sections 1 and 3 the Comment table holds **${m.tableRows.toLocaleString('en-US')} rows**. ` +
      `Pending ${d.byStatus.PENDING} (${pct(d.byStatus.PENDING!)}, held in the last 3 days), rejected ${d.byStatus.REJECTED} (${pct(d.byStatus.REJECTED!)}), published ${d.byStatus.PUBLISHED} (${d.deleted} of them deleted by their author); ${d.topLevel} top-level, the rest replies. ` +
      `${d.reportedComments} comments (${pct(d.reportedComments)}) carry ${d.openReports} open reports (1–5 each, by distinct readers); ${d.resolvedReports} resolved reports; ${d.appeals} appeals (${d.openAppeals} open); ${d.auditEntries.toLocaleString('en-US')} audit-log entries. ` +
      `All written with INSERT ... SELECT over generate_series (batches of 20,000) in ${m.seedSeconds.toFixed(1)} s including VACUUM ANALYZE; \`commentCount\` is recomputed, \`replyCount\` is not (no queue reads it).`,
    '',
    `Counts the moderator's tabs show: ${Object.entries(m.counts).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '',
    `As a moderator (resolved through \`resolveSessionUser\`), ${MOD_ITERATIONS} timed calls after 3 warm-up calls per row, fewer when a row has taken ${MOD_BUDGET_MS / 1000} s (at least ${MOD_MIN_SAMPLES}). Deep pages follow \`nextCursor\` / \`nextBefore\`. A median above ${SLOW_MS} ms is in bold.`,
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
      return heavy.length ? [`- Rows read and thrown away by a filter (over 10,000): ${heavy.map((p) => `${p.label} ${p.rowsRemoved.toLocaleString('en-US')}`).join('; ')}.`] : [];
    })(),
    '',
    ...problems(m),
    '',
    ...(m.experiment.length
      ? [
          '**Experiment (not applied to the schema):** the flagged statements again, with these created inside a transaction that is then rolled back:',
          '',
          ...moderationIndexes.map((ddl) => `- \`${ddl}\``),
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
    ...m.plans.flatMap((p) => [`<details><summary>${p.label}: full plan</summary>`, '', '```', ...p.plan, '```', '', '</details>', '']),
    ...m.experiment.flatMap(({ label, after }) => [`<details><summary>with the candidate indexes, ${label}: full plan</summary>`, '', '```', ...after.plan, '```', '', '</details>', '']),
    `**Where a call's time goes.** One \`listQueueAs\` call (pending, first page) sends ${m.oneCall.length} statements; their server execution times (EXPLAIN ANALYZE) add up to ${ms(m.oneCall.reduce((sum, c) => sum + c.executionMs, 0))} ms, so the rest of the call's median is round trips, Prisma and the pg driver:`,
    '',
    '```',
    ...m.oneCall.map((c, i) => `${i + 1}. [${ms(c.executionMs, 3)} ms] ${c.statement.text.replace(/\s+/g, ' ').slice(0, 300)}${c.statement.text.length > 300 ? ' ...' : ''}`),
    '```',
    '',
    ...(() => {
      const slowest = [...m.oneCall].sort((a, b) => b.executionMs - a.executionMs)[0];
      return slowest
        ? [`<details><summary>The slowest of them (${ms(slowest.executionMs)} ms): statement and full plan</summary>`, '', '```', slowest.statement.text, '', ...slowest.plan, '```', '', '</details>', '']
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
  const trigramIndexed = m.plans.some((p) => /no match/.test(p.label) && p.plan.join('\n').includes('Comment_body_idx'));
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
    `${out.length + 1}. Not problems at this size: the keyset queries of every queue read \`Comment_status_createdAt_id_idx\` in order and stop after 26 rows (first page and page ${MOD_DEEP_PAGE}, 0.04–1 ms); the article filter and author filter stay under 3 ms; the reported queue's Seq Scan is of the small CommentReport table (fixable with a partial index on open reports, \`("commentId") WHERE "resolvedAt" IS NULL\`, but it is ~1–3 ms); the author filter's \`name ILIKE\` reads the whole User table (3,300 rows, ~2 ms, linear in users); the audit log reads its primary key backwards, ~1–2 ms a page.`,
  );
  return ['**Problems and fixes** (fixes verified as above; see git log for those applied since):', '', ...out];
}

// --- HTTP -------------------------------------------------------------------------------------------
type DbCounters = { xacts: number; tupReturned: number; tupFetched: number; blocks: number; sessions: number };
type HttpArticle = { label: string; slug: string; title: string };
type HttpFigures = {
  note: string;
  build: { built: boolean; seconds: number };
  rssBefore: number;
  rssAfter: number;
  processes: number;
  cold: { label: string; ms: number; status: number; bytes: number; titleFound: boolean }[];
  loads: { label: string; sequential: LoadResult; result: LoadResult; db: DbCounters; maintenance: string[]; logged: number | null }[];
  loadAverage: string;
};

async function dbCounters(name: string): Promise<DbCounters> {
  return admin(async (client) => {
    const { rows } = await client.query<{ xacts: string; tup_returned: string; tup_fetched: string; blocks: string; sessions: string }>(
      `SELECT xact_commit + xact_rollback AS xacts, tup_returned, tup_fetched, blks_hit + blks_read AS blocks, sessions
       FROM pg_stat_database WHERE datname = $1`,
      [name],
    );
    const row = rows[0];
    if (!row) throw new Error(`pg_stat_database has no row for ${name}.`);
    return { xacts: Number(row.xacts), tupReturned: Number(row.tup_returned), tupFetched: Number(row.tup_fetched), blocks: Number(row.blocks), sessions: Number(row.sessions) };
  });
}
/** Statements PostgreSQL logged (log_statement = all) between two offsets of its log. */
async function countStatements(file: string, from: number, to: number): Promise<number> {
  if (to <= from) return 0;
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(to - from);
    await handle.read(buffer, 0, buffer.length, from);
    return buffer.toString('utf8').split('\n').filter((line) => /LOG:\s+(statement|execute [^:]*):/.test(line)).length;
  } finally {
    await handle.close();
  }
}

const serverNow = () => admin(async (client) => (await client.query<{ now: Date }>('SELECT clock_timestamp() AS now')).rows[0]!.now);

async function autovacuumRuns(url: string): Promise<{ table: string; what: string; at: Date }[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ relname: string; last_autovacuum: Date | null; last_autoanalyze: Date | null }>(
      'SELECT relname, last_autovacuum, last_autoanalyze FROM pg_stat_all_tables WHERE last_autovacuum IS NOT NULL OR last_autoanalyze IS NOT NULL',
    );
    return rows.flatMap((row) => [
      ...(row.last_autovacuum ? [{ table: row.relname, what: 'autovacuum', at: row.last_autovacuum }] : []),
      ...(row.last_autoanalyze ? [{ table: row.relname, what: 'autoanalyze', at: row.last_autoanalyze }] : []),
    ]);
  } finally {
    await client.end();
  }
}

const diff = (a: DbCounters, b: DbCounters): DbCounters => ({
  xacts: b.xacts - a.xacts,
  tupReturned: b.tupReturned - a.tupReturned,
  tupFetched: b.tupFetched - a.tupFetched,
  blocks: b.blocks - a.blocks,
  sessions: b.sessions - a.sessions,
});

async function measureHttp(url: string, name: string, articles: HttpArticle[]): Promise<HttpFigures> {
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    DATABASE_URL: url,
    NEXTAUTH_SECRET: randomBytes(32).toString('base64'),
    NEXT_TELEMETRY_DISABLED: '1',
    PARLEY_DIST_DIR: benchDistDir,
  };
  delete env.PARLEY_EMBEDDED_DB;
  delete env.SITE_URL;
  log(`Production build into ${benchDistDir} (only when the sources changed since the last bench build)...`);
  const build = await buildIfNeeded(env, REBUILD);
  log(build.built ? `Built in ${build.seconds.toFixed(0)} s.` : 'Build is current; reusing it.');
  await clearDataCache();

  // With the embedded server (whose log we own), log every statement of the app's
  // sessions on the bench database, to count them exactly: pg_stat_database also
  // counts PostgreSQL's own transactions there (autovacuum's periodic visit).
  const statementLog = server?.embedded ? path.join(root, '.data', 'bench-postgres', 'server.log') : undefined;
  if (statementLog) await admin((client) => client.query(`ALTER DATABASE ${client.escapeIdentifier(name)} SET log_statement = 'all'`));
  const logSize = async () => (statementLog ? (await stat(statementLog)).size : 0);

  const port = await freePort();
  app = await startServer({ ...env, PORT: String(port) }, port);
  log(`next start on ${app.base} (pid ${app.child.pid}).`);
  await sleep(1000);
  const before = await treeRss(app.child.pid!);

  // First (cold) view of each article: fills Next's data cache from the database.
  const cold: HttpFigures['cold'] = [];
  for (const article of articles) {
    const t0 = performance.now();
    const response = await fetch(`${app.base}/articles/${article.slug}`);
    const html = await response.text();
    cold.push({ label: article.label, ms: since(t0), status: response.status, bytes: html.length, titleFound: html.includes(article.title) });
  }
  for (const article of articles) await load(`${app.base}/articles/${article.slug}`, { concurrency: 4, maxRequests: 100, maxSeconds: 10 });

  const loads: HttpFigures['loads'] = [];
  log(`Waiting ${STATS_FLUSH_MS / 1000} s for PostgreSQL to flush its statistics...`);
  await sleep(STATS_FLUSH_MS);
  let counters = await dbCounters(name);
  const windows: { from: Date; to: Date }[] = [];
  for (const article of articles) {
    const from = await serverNow();
    const logFrom = await logSize();
    const sequential = await load(`${app.base}/articles/${article.slug}`, SEQUENTIAL);
    const result = await load(`${app.base}/articles/${article.slug}`, LOAD);
    log(`${article.label}: ${result.requests} requests, ${result.rps.toFixed(0)} req/s, p50 ${ms(result.latency.median, 1)} ms, p99 ${ms(result.latency.p99, 1)} ms; waiting for statistics...`);
    await sleep(STATS_FLUSH_MS);
    const after = await dbCounters(name);
    windows.push({ from, to: await serverNow() });
    const logged = statementLog ? await countStatements(statementLog, logFrom, await logSize()) : null;
    loads.push({ label: article.label, sequential, result, db: diff(counters, after), maintenance: [], logged });
    counters = after;
  }
  const afterRss = await treeRss(app.child.pid!);
  await stopServer(app);
  app = undefined;
  // Counted only now (reading them opens a session on the bench database): autovacuum
  // and autoanalyze runs inside a window also show up as transactions there.
  const maintenance = await autovacuumRuns(url);
  loads.forEach((entry, i) => {
    const window = windows[i]!;
    entry.maintenance = maintenance.filter((run) => run.at >= window.from && run.at <= window.to).map((run) => `${run.what} of ${run.table}`);
  });

  const dbQueries = loads.reduce((sum, l) => sum + l.db.xacts, 0);
  return {
    note: dbQueries ? 'anonymous views reached the database' : 'no database transaction during the cached views',
    build,
    rssBefore: before.bytes,
    rssAfter: afterRss.bytes,
    processes: afterRss.processes,
    cold,
    loads,
    loadAverage: os.loadavg().map((value) => value.toFixed(2)).join(' / '),
  };
}

function httpSection(http: HttpFigures): string[] {
  const l = LOAD;
  return [
    `\`next start\` from a production build (${http.build.built ? `built for this run in ${http.build.seconds.toFixed(0)} s` : 'reused: sources unchanged since the last bench build'}), loaded over loopback from the bench process: first one request at a time (up to ${SEQUENTIAL.maxRequests} requests or ${SEQUENTIAL.maxSeconds} s), then ${l.concurrency} concurrent fetch loops (up to ${l.maxRequests} requests or ${l.maxSeconds} s) per article. Client and server share the machine's ${os.cpus().length} cores, so these are a floor, not a capacity figure. Latency is time to the last byte of the HTML. Load average after the HTTP phase: ${http.loadAverage}.`,
    '',
    `One at a time: ${http.loads.map(({ label, sequential: q }) => `${label} p50 ${ms(q.latency.median, 1)} ms, p95 ${ms(q.latency.p95, 1)} ms, p99 ${ms(q.latency.p99, 1)} ms (${q.requests} requests, ${q.rps.toFixed(0)} req/s)`).join('; ')}.`,
    '',
    `${l.concurrency} concurrent:`,
    '',
    table(
      ['article page', 'requests', 'non-200', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'HTML size'],
      http.loads.map(({ label, result }) => [
        label,
        result.requests,
        result.errors,
        result.rps.toFixed(0),
        ms(result.latency.median, 1),
        ms(result.latency.p95, 1),
        ms(result.latency.p99, 1),
        ms(result.latency.max, 1),
        `${(result.bytesPerResponse / 1024).toFixed(0)} KB`,
      ]),
    ),
    '',
    `First (cold) view after start, which fills Next's data cache from the database: ${http.cold.map((c) => `${c.label} ${ms(c.ms, 0)} ms (HTTP ${c.status}${c.titleFound ? '' : ', **title not found in the HTML**'})`).join(', ')}.`,
    '',
    `Server memory (resident, \`next start\` and its ${http.processes - 1} child process(es)): ${mb(http.rssBefore)} after start, ${mb(http.rssAfter)} after the load.`,
    '',
    '**Database work per anonymous view.** `pg_stat_database` of the bench database, read before and after each load (after warm-up, waiting for PostgreSQL to flush idle backends\' counters). Every Prisma query outside a transaction is one transaction there, so transactions per request ≈ queries per request. With the embedded server the bench also sets `log_statement = all` on the bench database before starting the app and counts the statements logged in each window.',
    '',
    table(
      ['article page', 'requests', 'transactions', 'per request', 'tuples returned', 'tuples fetched', 'new sessions', 'autovacuum runs in the window', 'SQL statements logged'],
      http.loads.map(({ label, sequential, result, db, maintenance, logged }) => [
        label,
        result.requests + sequential.requests,
        db.xacts,
        (db.xacts / Math.max(1, result.requests + sequential.requests)).toFixed(3),
        db.tupReturned,
        db.tupFetched,
        db.sessions,
        maintenance.join(', ') || 'none',
        logged === null ? 'n/a (own server only)' : logged,
      ]),
    ),
    '',
    http.loads.every((l) => l.db.xacts === 0)
      ? 'Measured: **0 database transactions** for all cached anonymous views, as the README claims.'
      : http.loads.every((l) => l.logged === 0)
        ? 'Measured: **no SQL statement** from the app during the cached anonymous views (`log_statement = all` on the bench database logged none), as the README claims. The few transactions pg_stat_database counted in a window are PostgreSQL\'s own: the autovacuum launcher visits each database about once a minute and reads its catalogs (no statement, no client session).'
      : http.loads.every((l) => l.db.xacts === 0 || l.maintenance.length > 0)
        ? 'Measured: no transaction beyond what autovacuum/autoanalyze ran in the same window (see the last column): the cached anonymous views themselves made **no database round trip**, as the README claims. New sessions stayed at 0.'
        : `Measured: anonymous views **did reach the database** (${http.loads.map((l) => `${l.label}: ${(l.db.xacts / Math.max(1, l.result.requests + l.sequential.requests)).toFixed(2)} per request`).join(', ')}).`,
  ];
}

main()
  .then(
    () => 0,
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      return 1;
    },
  )
  .then(async (code) => {
    await cleanup();
    if (code === 0) console.log(`\nReport written to ${path.relative(process.cwd(), reportFile)}`);
    process.exit(code);
  });
