// The report as Markdown: the headline table of targets first (and the
// figures judged against none), then one section per scenario (1-7 of issue 6,
// 8 and 9 of issue 12, 10 of issue 13, 11 of issue 14), memory, profiles and the data.
import { articleCacheLife } from '@/lib/articles/cache-tags';
import type { LoadFigures } from '../load';
import type { BenchResult } from '../result';
import { signedInBefore } from '../scenarios/signed-in-page';
import { table } from '../stats';
import { cell, cpuText, fixed, int, kB, MB, msText, percent, ratio } from './format';
import { clusterSection } from './cluster';
import { moderationSection } from './moderation';
import { threadPlansSection, threadTimingSection } from './thread';

const verdict = (met: boolean | null) => (met === null ? 'not measured' : met ? 'met' : '**MISSED**');

export function headlineTable(result: BenchResult): string {
  return table(
    ['target', 'measured', ''],
    result.targets.map((t) => [cell(t.target), cell(t.measured), verdict(t.met)]),
  );
}

export function ratios(result: BenchResult): { ceiling?: number[]; rawSql?: number } {
  const ceiling = result.ceiling ? result.rounds.map((r) => r.articlePage.load.rps / result.ceiling!.load.rps) : undefined;
  const api = result.rounds[0]?.api.cases.find((c) => c.key === 'large-first');
  const raw = result.rawSql?.cases[0];
  return { ceiling, rawSql: api && raw ? api.load.rps / raw.rate : undefined };
}

const loadHeader = ['requests', 'req/s', 'p50', 'p90', 'p99', 'max', 'errors', 'non-2xx', 'bytes/response', 'server peak RSS'];
const loadCells = (l: LoadFigures) => [
  int(l.requests),
  int(l.rps),
  msText(l.latency.median),
  msText(l.latency.p90),
  msText(l.latency.p99),
  msText(l.latency.max),
  int(l.errors),
  int(l.non2xx),
  kB(l.bytesPerResponse),
  MB(l.usage.peakRss),
];

function intro(result: BenchResult): string[] {
  const { meta } = result;
  const busy = meta.machine.loadAverageStart[0]! > meta.machine.cores;
  return [
    `# Parley bench, ${meta.startedAt.slice(0, 10)}`,
    '',
    `${meta.mode === 'smoke' ? '**Smoke run** (`--smoke`: tiny data, a few seconds per scenario; the targets are for the full run). ' : ''}` +
      `Run ${meta.startedAt} by \`npm run bench\` (bench/run.ts) in ${fixed(meta.seconds / 60, 1)} min on ${meta.machine.cores} × ${meta.machine.cpu}, ${MB(meta.machine.memoryBytes)} RAM, Node ${meta.node}, PostgreSQL ${meta.postgres.version} (${meta.postgres.embedded ? 'embedded' : "DATABASE_URL's server"}), ` +
      `commit ${meta.git.commit} at the start${meta.git.changedSources.length ? ` plus ${meta.git.changedSources.length} uncommitted source file(s) (${meta.git.changedSources.slice(0, 8).join(', ')}${meta.git.changedSources.length > 8 ? ', ...' : ''})` : ''}. ` +
      `The app is built (\`${meta.buildCommand}\`) and served (\`${meta.serverCommand}\`) as \`npm start\` does; the load generator (autocannon, in the bench process), PostgreSQL and the server share the machine. Load average at start ${meta.machine.loadAverageStart.map((v) => v.toFixed(2)).join(' / ')}, at the end ${meta.machine.loadAverageEnd.map((v) => v.toFixed(2)).join(' / ')}.`,
    ...(busy
      ? [
          '',
          `> **Busy machine:** the 1-minute load average (${meta.machine.loadAverageStart[0]!.toFixed(2)}) exceeded the ${meta.machine.cores} cores when the run started: other work competed with the bench.`,
        ]
      : []),
  ];
}

function targetsSection(result: BenchResult): string[] {
  const missed = result.targets.filter((t) => t.met === false);
  return [
    '## Targets',
    '',
    headlineTable(result),
    '',
    ...(result.information.length
      ? [
          '**For information (no target):**',
          '',
          table(
            ['figure', 'measured', 'note'],
            result.information.map((i) => [cell(i.what), cell(i.measured), cell(i.note ?? '')]),
          ),
          '',
        ]
      : []),
    ...(missed.length ? ['', '### Missed, and why', '', ...missed.map((t, i) => `${i + 1}. **${t.target}**: ${t.measured}. ${t.why ?? ''}`)] : []),
  ];
}

function articlePageSection(result: BenchResult): string[] {
  const { rounds, meta } = result;
  const first = rounds[0]!.articlePage;
  const uncompressed = first.uncompressedLoad;
  const windows = rounds.map((r) => ({ round: r.round, w: r.articlePage.database }));
  return [
    '## 1. Anonymous article page',
    '',
    `\`GET ${first.path}\` (the ${result.data.articles.find((a) => a.key === 'large')!.label} thread, its first comments in the HTML), ${meta.options.connections} connections for ${meta.options.pageSeconds} s after ${meta.options.warmupSeconds} s of warm-up, \`Accept: text/html\` and \`Accept-Encoding: gzip, deflate, br\` as a browser sends them, no session cookie: the shared page, answered by the HTTP cache in front of Next.js (server/http-cache.ts), which compresses a page once, not per request; \`X-Parley-Cache\` of the request just before the load: ${rounds.map((r) => r.articlePage.cacheState).join(' / ')} (rounds ${rounds.map((r) => r.round).join(' / ')}). ` +
      `HTTP ${first.status}, ${kB(first.htmlBytes)} of HTML, sent as ${kB(first.transferBytes)} (${first.encoding}; gzip would be ${kB(first.gzipBytes)})${first.titleFound ? '' : ', **title not found in the HTML**'}. ` +
      `${first.cold ? `The first request after the server started took ${msText(first.cold.ms)} (HTTP ${first.cold.status}).` : ''} ` +
      `autocannon runs in ${first.load.workers} worker thread(s) of the bench process (one thread alone cannot read pages this size fast enough); latency is time to the last byte, from autocannon's histogram (whole milliseconds, every response).`,
    '',
    table(
      ['round', ...loadHeader, 'CPU'],
      [
        ...rounds.map((r) => [String(r.round), ...loadCells(r.articlePage.load), cpuText(r.articlePage.load.usage)]),
        ...(uncompressed
          ? [
              [
                `1, without \`Accept-Encoding\`: ${kB(first.htmlBytes)} a page (${fixed(uncompressed.seconds, 0)} s)`,
                ...loadCells(uncompressed),
                cpuText(uncompressed.usage),
              ],
            ]
          : []),
      ],
    ),
    '',
    `**Database work per view.** \`pg_stat_database\` of the bench database, read after the warm-up and again after the load, each time once the app's backends have been idle long enough to flush their counters (11.5 s). Every Prisma query outside a transaction is one transaction there. A cached page lives ${articleCacheLife.revalidate / 60} minutes (\`s-maxage\`, from \`articleCacheLife\` in lib/articles/cache-tags.ts) and is then fetched and rendered again once (readers meanwhile get the old copy, \`X-Parley-Cache: STALE\`): its \`Age\` right after the load, shorter than the window, shows that re-render fell inside it. With the embedded PostgreSQL the bench also logs every statement of the bench database (\`log_statement = all\`) and counts them.`,
    '',
    windows.every(({ w }) => w)
      ? table(
          [
            'round',
            'requests',
            'transactions',
            'per request',
            'statements logged',
            'tuples returned',
            'new sessions',
            'autovacuum in the window',
            'page Age after / window',
          ],
          windows.map(({ round, w }) => [
            round,
            int(w!.requests),
            int(w!.counters.xacts),
            (w!.counters.xacts / Math.max(1, w!.requests)).toFixed(3),
            w!.logged === null ? 'n/a (own server only)' : int(w!.logged),
            int(w!.counters.tupReturned),
            int(w!.counters.sessions),
            w!.maintenance.join(', ') || 'none',
            `${w!.pageAge} s / ${w!.windowSeconds.toFixed(0)} s${w!.pageAge < w!.windowSeconds ? ' (re-rendered in the window)' : ''}`,
          ]),
        )
      : 'Not counted in a smoke run.',
  ];
}

function ceilingSection(result: BenchResult): string[] {
  const c = result.ceiling;
  if (!c) return ['## 2. The ceiling', '', 'Not measured.'];
  return [
    '## 2. The ceiling: the same bytes from a minimal server',
    '',
    `The exact answer the app gave for the article page (status, ${Object.keys(c.headers).length} headers, ${kB(c.bytes)} body) served by a bare \`node:http\` server in a child process (bench/ceiling-server.ts), loaded exactly like scenario 1, in round 1 while PostgreSQL's statistics settled. What this machine can serve at all with this load generator.`,
    '',
    table(
      ['server', ...loadHeader, 'CPU'],
      [
        ['node:http ceiling', ...loadCells(c.load), cpuText(c.load.usage, 'ceiling server')],
        ...result.rounds.map((r) => [`app, round ${r.round}`, ...loadCells(r.articlePage.load), cpuText(r.articlePage.load.usage)]),
      ],
    ),
    '',
    `**App / ceiling: ${ratios(result).ceiling?.map(ratio).join(' / ') ?? 'n/a'}** of the ceiling's requests/s (rounds ${result.rounds.map((r) => r.round).join(' / ')}).` +
      (c.load.usage.cpu.bench >= 90
        ? ` During the ceiling run the load generator used ${fixed(c.load.usage.cpu.bench, 0)}% of a core (autocannon runs on one thread): it, not the server, was the limit, so the ceiling is a lower bound.`
        : ''),
  ];
}

function apiSection(result: BenchResult): string[] {
  const { rounds, meta } = result;
  return [
    `## 3. Comments API: ${result.data.articles.find((a) => a.key === 'large')!.label} vs 10`,
    '',
    `\`GET /api/articles/<slug>/comments\` (anonymous, sort=best), ${meta.options.connections} connections for ${meta.options.apiSeconds} s per case after ${meta.options.warmupSeconds} s of warm-up. The deep page follows \`nextCursor\` over HTTP. ` +
      `${rounds[0]!.api.smallHasDeepPage ? '' : 'The 10-comment thread has no second page, so no deep page. '}In round 1 of a full run, the database transactions per request of each case are counted like scenario 1's.`,
    '',
    ...rounds.flatMap((r) => {
      const base = r.api.cases.find((c) => c.key === 'small-first');
      const onePage = r.api.cases.find((c) => c.key === 'page-first');
      return [
        `Round ${r.round}:`,
        '',
        table(
          ['case', 'items', 'JSON', ...loadHeader, 'cost vs 10 comments', 'cost vs one full page', 'transactions per request', 'CPU'],
          r.api.cases.map((c) => [
            c.label,
            c.items,
            kB(c.bytes),
            ...loadCells(c.load),
            base ? ratio(base.load.rps / c.load.rps) : 'n/a',
            onePage ? ratio(onePage.load.rps / c.load.rps) : 'n/a',
            c.database
              ? `${(c.database.counters.xacts / Math.max(1, c.database.requests)).toFixed(2)}${c.database.logged !== null ? ` (${(c.database.logged / Math.max(1, c.database.requests)).toFixed(2)} statements)` : ''}`
              : '—',
            cpuText(c.load.usage),
          ]),
        ),
        '',
      ];
    }),
    '"Cost vs 10 comments" is the 10-comment first page\'s requests/s divided by the case\'s: 1.00× costs the same; "cost vs one full page" the same against the thread whose first page shows as many comments as the large thread\'s. Requests carry `Accept-Encoding: gzip, deflate, br` as a browser\'s fetch does ("bytes/response" is what went over the wire; "JSON" the uncompressed answer).',
    '',
    '### The same pages in the library (no HTTP)',
    '',
    ...threadTimingSection(result),
  ];
}

function rawSqlSection(result: BenchResult): string[] {
  const raw = result.rawSql;
  if (!raw) return ['## 4. The raw SQL of the first page', '', 'Not measured.'];
  const api = result.rounds[0]?.api.cases.find((c) => c.key === 'large-first');
  return [
    '## 4. The raw SQL of the first page',
    '',
    `The ${raw.firstPageStatements} statements \`listThreadPage\` sends for the API's first page (anonymous, best, the large thread; captured at the pg driver), run through a plain \`pg\` Pool of ${raw.poolSize} connections (the app pool's default) by ${raw.cases[0]?.callers ?? '?'} concurrent callers in a tight loop, in the bench process, for ${result.meta.options.apiSeconds} s after warm-up.`,
    '',
    table(
      ['what', 'statements', 'per second', 'p50', 'p99', 'max', 'errors', 'CPU'],
      raw.cases.map((c) => [
        c.label,
        c.statements,
        int(c.rate),
        msText(c.latency.median),
        msText(c.latency.p99),
        msText(c.latency.max),
        c.errors,
        cpuText(c.usage, 'bench'),
      ]),
    ),
    '',
    api && raw.cases[0]
      ? `**API / raw SQL: ${ratio(api.load.rps / raw.cases[0].rate)}**: the API's first page served ${int(api.load.rps)} requests/s (p99 ${msText(api.load.latency.p99)}), its SQL alone ${int(raw.cases[0].rate)} pages/s (p99 ${msText(raw.cases[0].latency.p99)}).`
      : '',
  ];
}

function postingSection(result: BenchResult): string[] {
  const { rounds, meta, postingTemplate: t } = result;
  const after = result.data.postingAfter;
  return [
    '## 5. Posting comments',
    '',
    `Chromium, signed in as a bench reader, opened the posting article, wrote in the composer and clicked "Post comment"; the bench recorded that request (\`POST ${new URL(t.url).pathname}\`, headers ${t.headerNames.map((h) => `\`${h}\``).join(', ')}; multipart fields ${t.fields.map((f) => `\`${f}\``).join(', ')}) and replays it: ` +
      `${meta.options.writers} writers for ${meta.options.postSeconds} s, each post with a fresh idempotency key, its own text (a unique marker) and the session cookie of a distinct established account (${int(result.data.writerPool)} in the pool; an account posts at most once per 11 s, under the limit of one per 10 s and 30 an hour). ` +
      `Each round posts for ${meta.options.warmupSeconds} s untimed (warm-up) before the measured seconds. Acknowledged = HTTP 200 with the posted comment's id (\`postedId\`) in the action's answer; latency is to its last byte (answers ${t.contentEncoding}-encoded). Afterwards the database is checked for every marker sent, warm-up posts included.`,
    '',
    table(
      [
        'round',
        'warm-up posts',
        'sent',
        'acknowledged',
        'comments/s',
        'p50',
        'p95',
        'p99',
        'max',
        'refused',
        'errors',
        'accounts used',
        'waits for an account',
        'answer size',
        'server peak RSS',
        'CPU',
      ],
      rounds.map(({ posting: p }) => [
        p.round,
        int(p.warmupPosts),
        int(p.sent),
        int(p.acknowledged),
        int(p.commentsPerSecond),
        msText(p.latency.median),
        msText(p.latency.p95),
        msText(p.latency.p99),
        msText(p.latency.max),
        Object.entries(p.refused)
          .map(([why, n]) => `${n} × ${why}`)
          .join('; ') || '0',
        p.errors,
        int(p.accounts),
        p.waits,
        kB(p.responseBytes),
        MB(p.usage.peakRss),
        cpuText(p.usage),
      ]),
    ),
    '',
    `**At a steady rate.** The same writers and accounts for ${meta.options.postSeconds} s more, now sending ${rounds[0]!.posting.paced.rate} comments/s in all: writer w's k-th post is due at (k × ${meta.options.writers} + w) / ${rounds[0]!.posting.paced.rate} s, sent then (or as soon as the writer's previous post is answered), and timed from when it was due, so time spent waiting for a turn counts. This is the latency a reader sees while the site takes ${int(rounds[0]!.posting.paced.rate * 3600)} comments an hour.`,
    '',
    table(
      ['round', 'rate', 'sent', 'acknowledged', 'p50', 'p95', 'p99', 'max', 'refused', 'errors', 'CPU'],
      rounds.map(({ posting: p }) => [
        p.round,
        `${p.paced.rate}/s`,
        int(p.paced.sent),
        int(p.paced.acknowledged),
        msText(p.paced.latency.median),
        msText(p.paced.latency.p95),
        msText(p.paced.latency.p99),
        msText(p.paced.latency.max),
        Object.entries(p.paced.refused)
          .map(([why, n]) => `${n} × ${why}`)
          .join('; ') || '0',
        p.paced.errors,
        cpuText(p.paced.usage),
      ]),
    ),
    '',
    ...(rounds[0]!.posting.floor
      ? [
          `**The framework's floor.** In round 1, \`GET /robots.txt\` (a static route: no database, no session, a 100-byte answer) under the same ${meta.options.writers} connections, closed loop, for ${meta.options.postSeconds} s: the least any request through Next.js costs here.`,
          '',
          table(['request', ...loadHeader], [['GET /robots.txt', ...loadCells(rounds[0]!.posting.floor)]]),
          '',
        ]
      : []),
    table(
      [
        'round',
        'rows with a marker',
        'lost (acknowledged, not stored)',
        'duplicated markers',
        'stored under another id',
        'stored, not acknowledged',
        'status',
        'exactly once',
      ],
      rounds.map(({ posting: p }) => [
        p.round,
        int(p.check.stored),
        p.check.lost,
        p.check.duplicated,
        p.check.mismatched,
        p.check.unacknowledgedStored,
        Object.entries(p.check.byStatus)
          .map(([s, n]) => `${s} ${n}`)
          .join(', '),
        p.check.ok ? 'yes' : '**no**',
      ]),
    ),
    '',
    after
      ? `The posting article afterwards: ${int(after.comments)} comments, \`commentCount\` ${int(after.commentCount)} = ${int(after.published)} published; counters consistent with the rows: ${after.consistent ? 'yes' : '**no**'}.`
      : '',
  ];
}

function firstLoadSection(result: BenchResult): string[] {
  const f = result.firstLoad;
  const row = (s: { path: string; encodedBytes: number; decodedBytes: number; encoding: string; status: number }) => [
    `\`${s.path}\``,
    kB(s.encodedBytes),
    kB(s.decodedBytes),
    s.encoding,
    s.status,
  ];
  return [
    '## 6. First-load JavaScript',
    '',
    `Chromium (Playwright, a fresh context each: nothing cached) loads \`${f.path}\` and waits for the load event, then for an idle network and an idle main thread until no new request starts (hydration starts the page's dynamic imports and, for a signed-in reader, /api/viewer and the parts it fills in; the signed-in page must show \"Sign out\" by then). Summed: the encoded (on-the-wire) body bytes of every script response of the page (\`request.sizes().responseBodySize\`); "uncompressed" is the decoded size. kB = 1,000 bytes. ` +
      "Not counted: the scripts next/link's prefetches of the pages the article links to brought in (named by a prefetch's RSC answer, not by the page's HTML): they are for a later navigation, and whether they arrive before the network is idle is a matter of timing.",
    '',
    table(
      [
        'reader',
        'scripts',
        'compressed',
        'uncompressed',
        'content-encoding',
        'not counted: prefetched for links',
        'HTML document (transferred)',
        'network idle',
        'load time',
      ],
      f.readers.map((r) => [
        r.reader,
        r.scripts.length,
        `**${kB(r.encodedBytes)}**`,
        kB(r.decodedBytes),
        r.encodings.join(', ') || 'none',
        `${r.prefetched.scripts.length} scripts, ${kB(r.prefetched.encodedBytes)} (${r.prefetched.requests} prefetch requests)`,
        kB(r.documentBytes),
        r.networkIdle ? 'yes' : 'no (15 s timeout)',
        msText(r.ms),
      ]),
    ),
    '',
    ...f.readers.flatMap((r) => [
      `<details><summary>Scripts for the ${r.reader} reader</summary>`,
      '',
      table(['script', 'compressed', 'uncompressed', 'encoding', 'status'], r.scripts.map(row)),
      '',
      ...(r.prefetched.scripts.length
        ? ['Not counted (prefetched for links):', '', table(['script', 'compressed', 'uncompressed', 'encoding', 'status'], r.prefetched.scripts.map(row)), '']
        : []),
      '</details>',
      '',
    ]),
  ];
}

function signedInSection(result: BenchResult): string[] {
  const { rounds, meta } = result;
  const first = rounds[0]!.signedInPage;
  const b = signedInBefore;
  const row = (label: string, s: Pick<(typeof rounds)[number]['signedInPage'], 'load' | 'cpuMsPerRequest'>) => [
    label,
    int(s.load.requests),
    int(s.load.rps),
    msText(s.load.latency.median),
    msText(s.load.latency.p90),
    msText(s.load.latency.p99),
    msText(s.load.latency.max),
    int(s.load.errors + s.load.non2xx),
    kB(s.load.bytesPerResponse),
    `${fixed(s.cpuMsPerRequest, 1)} ms`,
    MB(s.load.usage.peakRss),
    cpuText(s.load.usage),
  ];
  return [
    '## 8. Article page, signed in',
    '',
    `\`GET ${first.path}\` as a signed-in reader gets it: since issue 12's shared-page change, the same cached HTML as every reader (app/(public)/cached/articles/..., answered by the HTTP cache whatever the cookie), whose script then asks \`GET ${first.viewer.path}\` for the reader's own part (measured on its own below, with the same connections and cookies). ${meta.options.connections} connections for ${meta.options.pageSeconds} s after ${meta.options.warmupSeconds} s of warm-up, a browser's \`Accept\` and \`Accept-Encoding\`, and on every request the session cookie of one of ${first.readers} established readers who wrote the thread and reacted in it (minted as scenario 5 mints its writers'; each connection goes through the readers in turn). ` +
      `Each reader's cookie was checked first: /api/viewer answered signed in (\`Cache-Control: ${first.check.viewerCacheControl}\`, ${kB(first.check.viewerBytes)}), the page HTTP ${first.check.status}, the shared one (no "Sign out" in it), \`Cache-Control: ${first.check.cacheControl}\`, \`X-Parley-Cache: ${first.check.cacheState}\`, ${kB(first.check.htmlBytes)} of HTML sent as ${kB(first.check.transferBytes)} (${first.check.encoding}). ` +
      `CPU per view: the server process tree's CPU time (/proc) over the load, divided by the responses; the requests still in flight when the load stopped were partly worked on and are not counted, so it overstates by up to ${percent(meta.options.connections / Math.max(1, first.load.requests))} (connections / responses).`,
    '',
    table(
      ['', 'requests', 'req/s', 'p50', 'p90', 'p99', 'max', 'errors', 'bytes/response', 'server CPU per view', 'server peak RSS', 'CPU'],
      [
        [
          `before (${b.measured}, ${b.how}; not measured again)`,
          '',
          `${b.rps}`,
          '',
          '',
          msText(b.p99Ms),
          '',
          '',
          '',
          `~${b.cpuMsPerView} ms`,
          '',
          `${b.connections} connections`,
        ],
        ...rounds.map((r) => row(`round ${r.round}`, r.signedInPage)),
        ...rounds.map((r) => row(`round ${r.round}: \`${r.signedInPage.viewer.path}\``, r.signedInPage.viewer)),
      ],
    ),
    '',
    `A whole signed-in view is one of each: ${rounds
      .map((r) => `round ${r.round}: ${fixed(r.signedInPage.cpuMsPerRequest + r.signedInPage.viewer.cpuMsPerRequest, 1)} ms of server CPU`)
      .join(', ')} (before: ~${b.cpuMsPerView} ms, when the page was rendered for each reader).`,
  ];
}

function cacheFloodSection(result: BenchResult): string[] {
  const f = result.cacheFlood;
  const counts = (record: Record<string, number>) =>
    Object.entries(record)
      .map(([key, n]) => `${key} × ${int(n)}`)
      .join(', ') || 'none';
  const probe = (p: { status: number; cacheState: string; age: number }) => `${p.cacheState} (HTTP ${p.status}, Age ${p.age} s)`;
  return [
    '## 9. Cache flood',
    '',
    `${int(f.requests)} requests (${int(f.distinct)} distinct URLs), ${f.connections} at a time, anonymous, against the running server after the rounds: \`${f.path}\` with made-up \`?cursor=\`, \`?sort=\`, \`?utm_source=\` values or a mix of them, and \`${f.apiPath}\` with made-up cursors (random strings, and a real cursor from an API answer with a forged signature). ` +
      `${fixed(f.seconds, 1)} s. The HTTP cache's entry count is not readable from outside (no debug endpoint); \`X-Parley-Cache\` says where each request went (none: past the cache, straight to Next.js).`,
    '',
    table(
      ['kind', 'requests', 'status (expected)', 'X-Parley-Cache', 'p50', 'p99', 'max'],
      f.kinds.map((k) => [
        k.label,
        int(k.requests),
        `${counts(k.statuses)} (${k.expectedStatus})`,
        counts(k.cacheStates),
        msText(k.latency.median),
        msText(k.latency.p99),
        msText(k.latency.max),
      ]),
    ),
    '',
    `5xx: **${int(f.serverErrors)}**; no answer: ${int(f.errors)}; other than expected: ${int(f.unexpected)}. ` +
      `The real article page before the flood: ${probe(f.realPage.before)}; **right after: ${probe(f.realPage.after)}**. The API's first page (for information): ${probe(f.realApi.before)} before, ${probe(f.realApi.after)} after. ` +
      `Server RSS ${MB(f.rssBefore)} before, peak ${MB(f.usage.peakRss)}, **${MB(f.rssAfter)}** 2 s after; ${cpuText(f.usage)}.`,
  ];
}

function memorySection(result: BenchResult): string[] {
  return [
    '## Memory',
    '',
    `Resident memory of the server process tree (${result.app.processes} process(es)), sampled every 100 ms from /proc during each scenario. ${MB(result.app.rssAfterStart)} after start; **${MB(result.rssAfterAll)} after the full benchmark** (both rounds, scenario 9 and scenario 6).`,
    '',
    table(
      ['round', 'peak, article page', 'peak, signed in', 'peak, comments API', 'peak, posting', 'after the round'],
      result.rounds.map((r) => [
        r.round,
        MB(r.articlePage.load.usage.peakRss),
        MB(r.signedInPage.load.usage.peakRss),
        MB(Math.max(...r.api.cases.map((c) => c.load.usage.peakRss))),
        MB(r.posting.usage.peakRss),
        `**${MB(r.rssAfter)}**`,
      ]),
    ),
    '',
    `Cache flood (scenario 9): ${MB(result.cacheFlood.rssBefore)} before, peak ${MB(result.cacheFlood.usage.peakRss)}, **${MB(result.cacheFlood.rssAfter)} after**.`,
  ];
}

function profilesSection(result: BenchResult): string[] {
  if (!result.profiles.length) return [];
  return [
    '## Profiles',
    '',
    'For each missed throughput or latency target: the server started again on its own with V8\'s sampling profiler (`node --cpu-prof`), put under the same load, and stopped. Self time over the load window, idle excluded; "app bundle" is the compiled app in `.next-bench/server` (pages, components, lib, and what Next bundles with them).',
    '',
    ...result.profiles.flatMap((p) => [
      `### ${p.scenario}`,
      '',
      `${fixed(p.busyMs / 1000, 1)} s of CPU sampled in ${fixed(p.loadSeconds, 0)} s; the main thread was idle ${percent(p.idleShare)} of the time.`,
      '',
      table(
        ['where', 'self time', 'share'],
        p.groups.map((g) => [`\`${g.group}\``, msText(g.selfMs), percent(g.share)]),
      ),
      '',
      table(
        ['function', 'location', 'self time', 'share'],
        p.top.map((e) => [`\`${cell(e.name)}\``, `\`${cell(e.where.length > 90 ? `...${e.where.slice(-87)}` : e.where)}\``, msText(e.selfMs), percent(e.share)]),
      ),
      '',
    ]),
  ];
}

function dataSection(result: BenchResult): string[] {
  const d = result.data;
  return [
    '## Data',
    '',
    table(
      ['article', 'comments', 'published (not deleted)', 'top-level', 'by depth 1/2/3', 'largest replyCount', 'Insightful reactions', 'counters consistent'],
      d.articles.map((a) => [
        a.label,
        int(a.shape.comments),
        int(a.shape.published),
        int(a.shape.topLevel),
        ['1', '2', '3'].map((k) => a.shape.byDepth[k] ?? 0).join(' / '),
        a.shape.maxReplies,
        int(a.shape.reactions),
        a.shape.consistent ? 'yes' : '**NO**',
      ]),
    ),
    '',
    `${d.readers} established readers (accounts 60 days old) wrote the threads and reacted; ${int(d.writerPool)} more post in scenario 5. Top-level comments spread over 30 days; replies concentrate on some threads (log-normal weights, 40% of top-level comments unanswered) and nest to depth 3 the way postComment caps it. ~2% rejected, ~1% pending, ~3% deleted by their author. insightfulCount is skewed (60% zero, 5% above 20) and backed by real CommentReaction rows; \`replyCount\` and \`commentCount\` are recomputed from the rows and checked. Seeding took ${fixed(d.seedSeconds, 1)} s. Everything lives in a throwaway database, dropped at the end.`,
  ];
}

function replyNotificationsSection(result: BenchResult): string[] {
  const r = result.replyNotifications;
  const row = (label: string, g: typeof r.notifying) => [
    label,
    int(g.parents),
    int(g.sent),
    int(g.acknowledged),
    msText(g.latency.median),
    msText(g.latency.p95),
    msText(g.latency.p99),
    msText(g.latency.max),
    Object.entries(g.refused)
      .map(([why, n]) => `${n} × ${why}`)
      .join('; ') || '0',
    g.errors,
    `${int(g.notifications)} / ${int(g.emailJobs)}`,
  ];
  return [
    '## 10. Replies that notify',
    '',
    `The composer's captured request with a \`replyToId\` added, ${r.rate} replies/s for ${fixed(r.seconds, 0)} s (after ${int(r.warmupReplies)} untimed), alternately to top-level comments of the posting article whose authors want replies in the app and by email at once (verified addresses) and to comments whose authors turned every notification off; ${r.notifying.parents} parents each, all by distinct readers. ` +
      'Each reply is due at its time and timed from it (open loop). The notifying reply writes its notification row (with its NOTIFY to the bell) and its email job in the posting transaction; the silent one runs the same statement and writes nothing. The worker is off: sending is never on the request path.',
    '',
    table(
      ['reply to', 'parents', 'sent', 'acknowledged', 'p50', 'p95', 'p99', 'max', 'refused', 'errors', 'notifications / email jobs'],
      [row('a reader notified at once', r.notifying), row('a reader with notifications off', r.silent)],
    ),
    '',
    `p50 ratio (notifying / silent): ${ratio(r.p50Ratio)}. Each notifying reply against the silent one due ${msText(1000 / r.rate)} after it (${int(r.pairedDeltaMs.n)} pairs): median difference ${msText(r.pairedDeltaMs.median)}, p95 ${msText(r.pairedDeltaMs.p95)}. ${cpuText(r.usage)}. Database check: ${r.checkOk ? 'every reply stored under its parent; one notification and one email job per notifying reply, none for the others' : '**failed** (see the counts above)'}.`,
  ];
}

export function renderReport(result: BenchResult): string {
  return [
    ...intro(result),
    '',
    ...targetsSection(result),
    '',
    ...articlePageSection(result),
    '',
    ...ceilingSection(result),
    '',
    ...apiSection(result),
    '',
    ...rawSqlSection(result),
    '',
    ...postingSection(result),
    '',
    ...firstLoadSection(result),
    '',
    '## 7. Query plans',
    '',
    `### The thread: first and deep page`,
    '',
    ...threadPlansSection(result),
    '',
    `### Moderation queues at ${result.moderation ? result.moderation.comments.toLocaleString('en-US') : '100,000'} comments`,
    '',
    ...(result.moderation ? moderationSection(result.moderation) : ['Skipped (--skip-moderation).']),
    '',
    ...signedInSection(result),
    '',
    ...cacheFloodSection(result),
    '',
    ...replyNotificationsSection(result),
    '',
    ...clusterSection(result.cluster, result.clusterFault, result.meta.options, result.meta.git),
    '',
    ...memorySection(result),
    '',
    ...profilesSection(result),
    ...dataSection(result),
    '',
  ].join('\n');
}
