// npm run bench: how Parley performs on this machine, against the targets of
// issue 6 with the budgets of issue 12 and issue 14's restatements. Writes bench/results/<YYYY-MM-DD>.md and .json (and latest.md);
// with --smoke, a few seconds per scenario on tiny data, into a temporary folder.
//
//   npm run bench [-- --smoke] [-- --rebuild] [-- --skip-moderation] [-- --out=DIR]
//   npm run bench -- --only=reply-notifications|posting|first-load-js|cache-flood|cluster [--smoke]   one scenario alone: its rows, no report files
//   npm run bench -- --cluster-ports=NGINX,APP1,APP2             scenario 11's ports (else free ones)
//
// In order (each step is a file of its own):
//   fixture.ts                  a throwaway database: threads of 10, one full page and 10,000 comments, writers
//   scenarios/thread-pages.ts   listThreadPage in the library, 10 / one page / 10,000, with query plans (7)
//   scenarios/moderation.ts     100,000 more comments; moderation queues and their plans (7)
//   http.ts                     the production build, served as `npm start` serves it
//   scenarios/posting.ts        Chromium posts one comment: the request the writers replay
//   rounds 1 and 2, against the same server process (memory must not grow):
//     scenarios/article-page.ts the anonymous article page, and its database work (1)
//     scenarios/ceiling.ts      round 1: the same bytes from a minimal node:http server (2)
//     scenarios/signed-in-page.ts the article page for signed-in readers, a real cookie each (8)
//     scenarios/comments-api.ts the JSON API, first and deep page, 10,000 vs 10 and vs one page (3)
//     scenarios/raw-sql.ts      round 1: the API's first-page SQL through plain pg (4)
//     scenarios/posting.ts      50 writers posting, then every comment checked (5)
//   scenarios/reply-notifications.ts replies that notify vs replies that do not, at 20/s (10)
//   scenarios/cache-flood.ts    10,000 made-up URLs against the HTTP cache; the real page still cached (9)
//   scenarios/first-load-js.ts  the JavaScript Chromium downloads for the page (6)
//   scenarios/cluster.ts        the single server stopped: nginx in front of 2 instances, routed to 1, 2, 2, 1 (11);
//                               and the cluster tests' latest fault run, from its file (cluster-fault-counts.ts)
//   profile.ts                  for a missed HTTP target: a CPU profile under that load
//   report/                     targets, Markdown and JSON
//
// A missed target never fails the run: the exit code is non-zero only when the
// bench itself breaks. The database is dropped and every process stopped at the
// end, on failure and on Ctrl-C (cleanup.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import pg from 'pg';
import { nextBuildArgs, onShutdownSignal } from '../scripts/support/processes';
import { cleanupAll, onCleanup } from './cleanup';
import { autovacuumRuns, createBenchDatabase, type DbWindow, statementCounter } from './database';
import { readFaultCounts } from './cluster-fault-counts';
import { type Fixture, seedFixture } from './fixture';
import { gitState } from './git-state';
import { type App, launchApp, serverLabel } from './http';
import { treeRss } from './monitor';
import { type BenchOptions, type OnlyScenario, parseOptions } from './options';
import { profileMisses } from './profile-misses';
import { clusterInformation, clusterPostingTarget, clusterSection } from './report/cluster';
import { kB } from './report/format';
import { cacheFloodTargets, evaluateTargets, firstLoadTarget, floodMemoryTarget, informationRows, replyNotificationTarget } from './report/targets';
import { writeReport } from './report/write';
import { articleList, type BenchResult, type Round, type TargetRow } from './result';
import { measureArticlePage } from './scenarios/article-page';
import { measureCacheFlood } from './scenarios/cache-flood';
import { type CeilingFigures, measureCeiling } from './scenarios/ceiling';
import { measureCluster } from './scenarios/cluster';
import { measureCommentsApi } from './scenarios/comments-api';
import { measureFirstLoadJs } from './scenarios/first-load-js';
import { measureModeration } from './scenarios/moderation';
import { type Account, capturePostingRequest, measurePosting, type PostingTemplate, prepareAccounts, replayOnce } from './scenarios/posting';
import { measurePostingAlone } from './scenarios/posting-alone';
import { measureRawSql, type RawSqlFigures } from './scenarios/raw-sql';
import { measureReplyNotifications } from './scenarios/reply-notifications';
import { measureSignedInPage, readerCookies } from './scenarios/signed-in-page';
import { measureThreadPages } from './scenarios/thread-pages';
import { describeThread } from './seed';
import { since, sleep } from './stats';

const runStarted = performance.now();
const log = (message: string) => console.log(`[bench ${(since(runStarted) / 1000).toFixed(0).padStart(3)} s] ${message}`);

/** `--only=NAME`: one scenario against the freshly started app, judged by the rows the full report would show for it. */
async function onlyScenario(
  name: OnlyScenario,
  {
    app,
    databaseUrl,
    fixture,
    template,
    accounts,
    options,
    git,
  }: { app: App; databaseUrl: string; fixture: Fixture; template: PostingTemplate; accounts: Account[]; options: BenchOptions; git: BenchResult['meta']['git'] },
): Promise<TargetRow[]> {
  switch (name) {
    case 'posting':
      return measurePostingAlone(app, databaseUrl, fixture, template, accounts, { options, log });
    case 'cluster': {
      const cookies = await readerCookies(fixture, app);
      await app.stop();
      const cluster = await measureCluster({ databaseUrl, secret: app.secret, fixture, template, accounts, cookies, options, log });
      const clusterFault = await readFaultCounts();
      console.log(`\n${clusterSection(cluster, clusterFault, options, git).join('\n')}\n`);
      for (const row of clusterInformation(cluster, clusterFault)) log(`For information: ${row.what}: ${row.measured}.`);
      return [clusterPostingTarget(cluster, options)];
    }
    case 'reply-notifications':
      return [replyNotificationTarget(await measureReplyNotifications(app, fixture, template, accounts, { options, log }))];
    case 'first-load-js': {
      const firstLoad = await measureFirstLoadJs(app, `/articles/${fixture.large.slug}`, fixture.readers[1]!, log);
      for (const reader of firstLoad.readers)
        log(`Scripts, ${reader.reader}: ${reader.scripts.map((s) => `${s.path.replace('/_next/static/chunks/', '')} ${kB(s.encodedBytes)}`).join(', ')}.`);
      return [firstLoadTarget(firstLoad)];
    }
    case 'cache-flood': {
      const flood = await measureCacheFlood(app, fixture, options, log);
      return [floodMemoryTarget(flood), ...cacheFloodTargets(flood)];
    }
  }
}

/**
 * --report-from: the targets judged and the report written again from a run's
 * saved figures (its .json), after a change to how the report judges or says
 * things. The figures and the run's own metadata stay as they were.
 */
async function reportAgain(file: string): Promise<Pick<BenchResult, 'targets'>> {
  const result = JSON.parse(await readFile(file, 'utf8')) as BenchResult;
  result.meta.options.outDir = path.dirname(file);
  result.targets = evaluateTargets(result);
  result.information = informationRows(result);
  await writeReport(result, log);
  return result;
}

async function main(): Promise<Pick<BenchResult, 'targets'>> {
  const options = parseOptions(process.argv.slice(2));
  if (options.reportFrom) return reportAgain(options.reportFrom);
  const startedAt = new Date();
  const loadAverageStart = os.loadavg();
  // What is measured is the working tree as it is now (sources are read by the build and by the library scenarios).
  const git = gitState();
  log(
    `${options.smoke ? 'Smoke run (tiny data, a few seconds per scenario)' : 'Full run'}; ${options.only ? `only ${options.only}, no report files` : `report to ${options.outDir}`}.`,
  );

  // --- Data, and what the library costs -------------------------------------------------------------
  const db = await createBenchDatabase();
  log(`Created ${db.name} (PostgreSQL ${db.serverVersion}${db.embedded ? ', embedded' : ''}), applied ${db.migrations} migration(s).`);
  // lib/db.ts reads DATABASE_URL when first imported.
  process.env.DATABASE_URL = db.url;
  const { db: prisma } = await import('@/lib/db');
  const disconnectPrisma = onCleanup('Prisma', () => prisma.$disconnect());
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  const closeSql = onCleanup('bench SQL client', () => sql.end());

  const fixture = await seedFixture(sql, options);
  log(
    `Seeded ${fixture.small.shape.comments} + ${fixture.large.shape.comments} + ${fixture.posting.shape.comments} comments, ${fixture.readers.length} readers, ${fixture.writerPool.length} writers in ${fixture.seedSeconds.toFixed(1)} s.`,
  );
  const threadPages = options.only ? undefined : await measureThreadPages(sql, fixture, options, log);
  const moderation =
    options.skipModeration || options.only
      ? undefined
      : await measureModeration(sql, { sourceId: fixture.sourceArticleId, runId: fixture.runId, bodies: fixture.bodies }, options, log);
  // Nothing of the bench process may touch the database while the app's work is counted.
  await disconnectPrisma();
  await sql.query('VACUUM ANALYZE');
  await closeSql();

  // --- The app under load ---------------------------------------------------------------------------
  const counter = options.smoke ? undefined : await statementCounter(db);
  const app = await launchApp(db.url, { rebuild: options.rebuild }, log);
  await sleep(1000);
  const started = await treeRss(app.pid);
  const template = await capturePostingRequest(app, fixture, fixture.readers[0]!);
  log(
    `Captured the composer's post: POST ${new URL(template.url).pathname} (${template.headers['next-action'] ? 'a server action' : (template.headers['content-type'] ?? 'no Content-Type')}).`,
  );
  const accounts = await prepareAccounts(fixture.writerPool, app);
  await replayOnce(app, template, accounts, fixture.runId);
  // --only (the library scenarios were skipped): the one scenario, its rows in the log, no report.
  if (options.only || !threadPages) {
    const targets = await onlyScenario(options.only ?? 'reply-notifications', { app, databaseUrl: db.url, fixture, template, accounts, options, git });
    await app.stop();
    for (const t of targets) log(`${t.met ? 'met' : t.met === null ? 'not measured' : 'MISSED'}: ${t.target}: ${t.measured}.${t.why ? ` ${t.why}` : ''}`);
    return { targets };
  }
  const cookies = await readerCookies(fixture, app);

  const rounds: Round[] = [];
  let ceiling: CeilingFigures | undefined;
  let rawSql: RawSqlFigures | undefined;
  for (let round = 1; round <= options.rounds; round++) {
    log(`--- Round ${round} of ${options.rounds} ---`);
    const pagePath = `/articles/${fixture.large.slug}`;
    const articlePage = await measureArticlePage(app, db, fixture.large, {
      options,
      round,
      counter,
      // The ceiling touches no database: it runs while PostgreSQL's statistics settle.
      whileFlushing: round === 1 ? async () => void (ceiling = await measureCeiling(app, pagePath, options, log)) : undefined,
      log,
    });
    const signedInPage = await measureSignedInPage(app, fixture, cookies, { options, round, log });
    const api = await measureCommentsApi(app, db, fixture, { options, round, counter, log });
    if (round === 1) rawSql = await measureRawSql(db.url, threadPages.firstPage, options, log);
    const posting = await measurePosting(app, db.url, fixture, template, accounts, { options, round, log });
    await sleep(2000);
    const rssAfter = (await treeRss(app.pid)).bytes;
    log(`Server memory after round ${round}: ${(rssAfter / 1024 / 1024).toFixed(0)} MB.`);
    rounds.push({ round, articlePage, signedInPage, api, posting, rssAfter });
  }
  const replyNotifications = await measureReplyNotifications(app, fixture, template, accounts, { options, log });
  const cacheFlood = await measureCacheFlood(app, fixture, options, log);
  const firstLoad = await measureFirstLoadJs(app, `/articles/${fixture.large.slug}`, fixture.readers[1]!, log);
  await sleep(1000);
  const rssAfterAll = (await treeRss(app.pid)).bytes;
  log(`Server memory after the full benchmark: ${(rssAfterAll / 1024 / 1024).toFixed(0)} MB.`);
  await app.stop();
  // After the single server stopped: the cluster's processes get the machine to themselves.
  const cluster = await measureCluster({ databaseUrl: db.url, secret: app.secret, fixture, template, accounts, cookies, options, log });
  const clusterFault = await readFaultCounts();

  // Counted only now (reading them opens a session on the bench database):
  // autovacuum and autoanalyze runs inside a window are transactions there too.
  const maintenance = await autovacuumRuns(db);
  const windows: DbWindow[] = rounds
    .flatMap((r) => [r.articlePage.database, ...r.api.cases.map((c) => c.database)])
    .filter((w): w is NonNullable<typeof w> => w !== undefined);
  for (const window of windows)
    window.maintenance = maintenance.filter((run) => run.at >= window.from && run.at <= window.to).map((run) => `${run.what} of ${run.table}`);
  const check = new pg.Client({ connectionString: db.url });
  await check.connect();
  const postingAfter = await describeThread(check, fixture.posting.id).finally(() => check.end());

  const result: BenchResult = {
    meta: {
      startedAt: startedAt.toISOString(),
      seconds: 0,
      mode: options.smoke ? 'smoke' : 'full',
      options,
      machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model.trim() ?? 'CPU', memoryBytes: os.totalmem(), loadAverageStart, loadAverageEnd: [] },
      node: process.version,
      postgres: { version: db.serverVersion, embedded: db.embedded },
      git,
      buildCommand: `next ${nextBuildArgs.join(' ')}`,
      serverCommand: serverLabel(),
    },
    data: { articles: articleList(fixture), readers: fixture.readers.length, writerPool: fixture.writerPool.length, seedSeconds: fixture.seedSeconds, postingAfter },
    threadPages,
    moderation,
    app: { build: app.build, rssAfterStart: started.bytes, processes: started.processes },
    postingTemplate: {
      url: template.url,
      capturedBy: template.capturedBy,
      contentEncoding: template.contentEncoding,
      headerNames: Object.keys(template.headers),
      fields: /^application\/json/i.test(template.headers['content-type'] ?? '')
        ? Object.keys(JSON.parse(template.body) as Record<string, unknown>)
        : [...template.body.matchAll(/name="([^"]+)"/g)].map((m) => m[1]!),
    },
    rounds,
    ceiling,
    rawSql,
    firstLoad,
    cacheFlood,
    replyNotifications,
    cluster,
    clusterFault,
    rssAfterAll,
    profiles: [],
    targets: [],
    information: [],
  };
  result.targets = evaluateTargets(result);
  result.profiles = await profileMisses(result, { databaseUrl: db.url, secret: app.secret, fixture, template, accounts, cookies, options, log });
  result.targets = evaluateTargets(result);
  result.information = informationRows(result);
  result.meta.seconds = since(runStarted) / 1000;
  result.meta.machine.loadAverageEnd = os.loadavg();
  await writeReport(result, log);
  return result;
}

onShutdownSignal(async () => {
  await cleanupAll();
  return 130;
});

// A rejection nobody awaits (a browser event handler's, say) would end the
// process before main() settles, leaving the server running and the database
// behind: clean up first.
let crashed = false;
const crash = (error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  if (crashed) return;
  crashed = true;
  void cleanupAll().finally(() => process.exit(1));
};
process.on('unhandledRejection', crash);
process.on('uncaughtException', crash);

void main()
  .then(
    (result) => {
      const missed = result.targets.filter((t) => t.met === false).length;
      log(
        `Done in ${(since(runStarted) / 1000).toFixed(0)} s: ${result.targets.filter((t) => t.met).length} targets met, ${missed} missed${missed ? ' (reported; not a failure)' : ''}.`,
      );
      return 0;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      return 1;
    },
  )
  .then(async (code) => {
    await cleanupAll();
    process.exit(code);
  });
