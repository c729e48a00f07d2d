// Scenario 11 in the report: one instance against two behind nginx
// (scenarios/cluster.ts), the target issue 14 sets for posting ("the
// 2-instance cluster loses at most 10% of that per core"), and the counts of
// the cluster tests' latest fault run (cluster-fault-counts.ts).
import path from 'node:path';
import type { FaultCountsReading } from '../cluster-fault-counts';
import type { GitState } from '../git-state';
import type { Usage } from '../monitor';
import type { BenchOptions } from '../options';
import type { InformationRow, TargetRow } from '../result';
import { type ClusterFigures, type ClusterReadFigures, type ClusterReadKey, clusterReadKeys, type ClusterRunFigures } from '../scenarios/cluster';
import type { PostingFigures } from '../scenarios/posting';
import { table } from '../stats';
import { cell, cpuMsPer, cpuText, fixed, int, MB, msText, percent, ratio } from './format';

/** Issue 14: with two instances, posting keeps at least this share of one instance's comments/s per core. */
export const CLUSTER_PER_CORE_SHARE = 0.9;

const root = path.resolve(import.meta.dirname, '../..');

type MeasuredCluster = Extract<ClusterFigures, { runs: unknown }>;
const measuredCluster = (cluster: ClusterFigures | undefined): MeasuredCluster | undefined => (cluster && 'runs' in cluster ? cluster : undefined);

/** nginx's CPU time per response, in ms. */
const nginxMsPer = (usage: Usage, requests: number) => (requests && usage.proxyCpuSeconds !== undefined ? (1000 * usage.proxyCpuSeconds) / requests : Number.NaN);
/** A machine-wide share (% of one core over `seconds`) as ms per item. */
const msPerItem = (percentOfCore: number, seconds: number, items: number) => (items ? (10 * percentOfCore * seconds) / items : Number.NaN);
const refusedText = (refused: Record<string, number>) =>
  Object.entries(refused)
    .map(([why, n]) => `${n} × ${why}`)
    .join('; ') || '0';
const instancesLabel = (n: number) => `${n} instance${n > 1 ? 's' : ''}`;

/** The posting runs of one and of two instances, and what the target compares. */
function postingComparison(cluster: MeasuredCluster) {
  const one = cluster.runs.find((run) => run.instances === 1);
  const two = cluster.runs.find((run) => run.instances === 2);
  const cores = one?.posting.usage.cpu.cores ?? 0;
  const share = one && two ? two.posting.commentsPerSecond / one.posting.commentsPerSecond : Number.NaN;
  return { one, two, cores, share };
}

/** Per comment of the one-instance run: where the CPU went, and what instances with cores of their own could take. */
function costPerComment(one: ClusterRunFigures) {
  const p = one.posting;
  const n = p.acknowledged;
  const instanceMs = cpuMsPer(p.usage, n);
  return {
    instanceMs,
    nginxMs: nginxMsPer(p.usage, n),
    postgresMs: msPerItem(p.usage.cpu.postgres, p.seconds, n),
    benchMs: msPerItem(p.usage.cpu.bench, p.seconds, n),
    perInstanceCore: 1000 / instanceMs,
  };
}

function onMoreCores(one: ClusterRunFigures): string {
  const c = costPerComment(one);
  return (
    `With one instance a comment took ${fixed(c.instanceMs, 1)} ms of the instance's CPU, ${fixed(c.nginxMs, 2)} ms of nginx's, ${fixed(c.postgresMs, 1)} ms of PostgreSQL's ` +
    `and ${fixed(c.benchMs, 1)} ms of the load generator's, all on the same ${one.posting.usage.cpu.cores} cores (the instance at ${fixed(one.posting.usage.cpu.server, 0)}% of one core). ` +
    `An instance with a core of its own would answer up to about ${int(c.perInstanceCore)} comments/s, and each further instance on a core of its own adds up to as much again, ` +
    `until PostgreSQL (about ${int(1000 / c.postgresMs)} comments/s per core it has; its figure counts every postgres process on the machine, so it is an upper bound) ` +
    `or nginx (about ${int(1000 / c.nginxMs)} per core) is the limit. Here the second instance shares the cores the first had, so it adds no capacity: the comparison shows what it costs.`
  );
}

/** Issue 14: posting through nginx, two instances against one, per core. */
export function clusterPostingTarget(cluster: ClusterFigures | undefined, options: BenchOptions): TargetRow {
  const target = `Posting through nginx: 2 instances keep at least ${percent(CLUSTER_PER_CORE_SHARE)} of 1 instance's comments/s per core (${options.writers} writers, closed loop; on this machine both instances share its cores)`;
  const measured = measuredCluster(cluster);
  if (!measured) {
    return {
      key: 'cluster-post-per-core',
      target,
      measured: `not measured: ${cluster && 'skipped' in cluster ? cluster.skipped : 'the cluster scenario did not run'}`,
      met: null,
    };
  }
  const { one, two, cores, share } = postingComparison(measured);
  if (!one || !two) return { key: 'cluster-post-per-core', target, measured: 'not measured: a run is missing', met: null };
  const checked = one.posting.check.ok && two.posting.check.ok;
  const met = checked && share >= CLUSTER_PER_CORE_SHARE;
  const perCore = (p: PostingFigures) => fixed(p.commentsPerSecond / cores, 1);
  return {
    key: 'cluster-post-per-core',
    target,
    measured:
      `1 instance ${int(one.posting.commentsPerSecond)} comments/s (${perCore(one.posting)} per core), 2 instances ${int(two.posting.commentsPerSecond)} (${perCore(two.posting)} per core) on ${cores} cores: ` +
      `${ratio(share)}; p99 ${msText(one.posting.latency.p99)} / ${msText(two.posting.latency.p99)}; every acknowledged comment stored once: ${checked ? 'yes' : '**no**'}`,
    met,
    why: met
      ? undefined
      : `${checked ? '' : `Database check: ${[one, two].map((r) => `${instancesLabel(r.instances)} ${r.posting.check.lost} lost, ${r.posting.check.duplicated} duplicated`).join('; ')}. `}` +
        `${instancesLabel(1)}: ${cpuText(one.posting.usage, 'instances')}. ${instancesLabel(2)}: ${cpuText(two.posting.usage, 'instances')}. ` +
        `Instances' CPU per comment ${fixed(cpuMsPer(one.posting.usage, one.posting.acknowledged), 1)} ms → ${fixed(cpuMsPer(two.posting.usage, two.posting.acknowledged), 1)} ms: ` +
        'two Node.js processes on the same cores each keep their own caches warm, collect their own garbage and take turns on the CPU.',
  };
}

/** Figures beside the target: the reads' 2 / 1 ratios and the latest fault run. */
export function clusterInformation(cluster: ClusterFigures | undefined, fault: FaultCountsReading): InformationRow[] {
  const rows: InformationRow[] = [];
  const measured = measuredCluster(cluster);
  const one = measured?.runs.find((run) => run.instances === 1);
  const two = measured?.runs.find((run) => run.instances === 2);
  if (one && two) {
    rows.push({
      key: 'cluster-reads',
      what: 'Reads through nginx, 2 instances / 1 instance (requests/s): anonymous article page, signed-in article page, comments API first page',
      measured: clusterReadKeys.map((key) => `${ratio(two.reads[key].load.rps / one.reads[key].load.rps)}`).join(', '),
      note: "Anonymous pages and the API are answered mostly from nginx's own cache (1 s), so they hardly reach an instance (see section 11).",
    });
  }
  rows.push({
    key: 'cluster-fault',
    what: 'Fault run of the cluster tests (`npm run test:cluster`: writers through nginx while PostgreSQL restarts twice and an instance is SIGKILLed): acknowledged means stored',
    measured:
      'counts' in fault
        ? `${fault.counts.writtenAt.slice(0, 10)}, commit ${fault.counts.git.commit}: ${int(fault.counts.acknowledged)} acknowledged, ${int(fault.counts.stored)} stored, ${fault.counts.lost} lost, ${fault.counts.duplicated} duplicated; ` +
          `${int(fault.counts.served503WithRetryAfter)} × 503 with Retry-After, ${int(fault.counts.served500)} × 500; test ${fault.counts.outcome}`
        : `none: ${fault.missing}`,
    note: 'From the latest run of the cluster tests, not from this bench run (section 11).',
  });
  return rows;
}

const latencyCells = (latency: { median: number; p99: number; max: number }) => [msText(latency.median), msText(latency.p99), msText(latency.max)];
/** The instances' and nginx's CPU per request (or comment). */
const cpuPerCells = (usage: Usage, n: number, digits: number) => [`${fixed(cpuMsPer(usage, n), digits)} ms`, `${fixed(nginxMsPer(usage, n), 2)} ms`];

function readRow(run: ClusterRunFigures, key: ClusterReadKey, base: ClusterReadFigures | undefined): string[] {
  const r = run.reads[key];
  const l = r.load;
  return [
    r.label,
    String(run.instances),
    int(l.requests),
    int(l.rps),
    base && base !== r ? ratio(l.rps / base.load.rps) : '',
    ...latencyCells(l.latency),
    int(l.errors),
    int(l.non2xx),
    ...cpuPerCells(l.usage, l.requests, 2),
    `${r.probe.nginxCache} / ${r.probe.appCache}`,
    MB(l.usage.peakRss),
    cpuText(l.usage, 'instances'),
  ];
}

function postingRow(run: ClusterRunFigures, base: ClusterRunFigures | undefined): string[] {
  const p = run.posting;
  const cores = p.usage.cpu.cores;
  return [
    String(run.instances),
    int(p.sent),
    int(p.acknowledged),
    int(p.commentsPerSecond),
    base && base !== run ? ratio(p.commentsPerSecond / base.posting.commentsPerSecond) : '',
    fixed(p.commentsPerSecond / cores, 1),
    ...latencyCells(p.latency),
    refusedText(p.refused),
    String(p.errors),
    ...cpuPerCells(p.usage, p.acknowledged, 1),
    `${p.paced.rate}/s: ${msText(p.paced.latency.median)} / ${msText(p.paced.latency.p99)}, ${int(p.paced.acknowledged)} of ${int(p.paced.sent)} acknowledged` +
      (p.paced.acknowledged < p.paced.sent ? ` (refused: ${refusedText(p.paced.refused)}; errors: ${p.paced.errors})` : ''),
    p.check.ok ? 'yes' : `**no** (${p.check.lost} lost, ${p.check.duplicated} duplicated)`,
    MB(p.usage.peakRss),
    cpuText(p.usage, 'instances'),
  ];
}

export function faultSection(fault: FaultCountsReading, bench?: GitState): string[] {
  const file = path.relative(root, fault.file) || fault.file;
  if (!('counts' in fault)) {
    return [`**None.** \`${file}\`: ${fault.missing}. The bench does not run it (minutes long, and it restarts a PostgreSQL of its own).`];
  }
  const c = fault.counts;
  return [
    `From \`${file}\`, written ${c.writtenAt} at commit ${c.git.commit}${c.git.changedSources.length ? ' with uncommitted changes' : ''}` +
      `${bench && bench.commit !== c.git.commit ? ` (this bench measured ${bench.commit})` : ''} by \`npm run test:cluster\` (cluster/faults.test.ts, "acknowledged means stored"; the bench does not run it): ` +
      `${c.writers} writers posted through nginx for ${c.seconds} s${c.seconds !== 180 ? ' (shortened with PARLEY_FAULT_RUN_SECONDS; the standard run is 180 s)' : ''}, each post retried with its idempotency key until acknowledged, ` +
      `while PostgreSQL was stopped twice (\`pg_ctl stop -m fast\`, then \`-m immediate\`) and one instance was killed with SIGKILL and started again. ` +
      `The test **${c.outcome}**${c.failure ? `: ${cell(c.failure)}` : ''}.`,
    '',
    table(
      [
        'posts',
        'acknowledged',
        'stored',
        'lost',
        'duplicated',
        'stored, not acknowledged',
        '503 with Retry-After',
        '500',
        'violations (any other answer)',
        'max latency',
      ],
      [
        [
          int(c.posts),
          int(c.acknowledged),
          int(c.stored),
          String(c.lost),
          String(c.duplicated),
          int(c.unacknowledgedStored),
          int(c.served503WithRetryAfter),
          int(c.served500),
          int(c.violations),
          msText(c.maxLatencyMs),
        ],
      ],
    ),
    '',
    table(
      ['outage', 'PostgreSQL down', 'first acknowledged post after it returned', 'first signed-in page after it returned'],
      c.recovery.map((r) => [
        `\`${r.kind}\``,
        r.downMs === null ? 'did not return' : msText(r.downMs),
        r.firstAckAfterMs === null ? 'none' : msText(r.firstAckAfterMs),
        r.firstSignedInPageAfterMs === null ? 'none' : msText(r.firstSignedInPageAfterMs),
      ]),
    ),
  ];
}

export function clusterSection(cluster: ClusterFigures | undefined, fault: FaultCountsReading, options: BenchOptions, bench?: GitState): string[] {
  const heading = '## 11. Cluster: 1 vs 2 instances behind nginx';
  const faultPart = ['', '### The fault run (`npm run test:cluster`)', '', ...faultSection(fault, bench)];
  const measured = measuredCluster(cluster);
  if (!measured) return [heading, '', `Not measured: ${cluster && 'skipped' in cluster ? cluster.skipped : 'the scenario did not run.'}`, ...faultPart];
  const one = measured.runs.find((run) => run.instances === 1);
  const { two, share, cores } = postingComparison(measured);
  return [
    heading,
    '',
    `The topology \`npm run cluster\` starts (scripts/support/cluster.ts): nginx, configured from deploy/nginx/ (one worker process), in front of app instances served as \`npm start\` serves them, ` +
      `on the bench's database and build: first one instance, then two (nginx on port ${measured.ports.nginx}, instances on ${measured.ports.instances.join(', ')}). ` +
      `The loads of scenarios 1, 8, 3 and 5 go through nginx: ${measured.connections} connections for ${measured.seconds} s each after ${options.warmupSeconds} s of warm-up, ` +
      `and ${options.writers} writers replaying the composer's post (closed loop for ${options.postSeconds} s, then a steady ${options.pacedRate}/s), every acknowledged comment checked in the database. ` +
      "Two departures from production, both because the load generator is one client address standing for many readers: deploy/nginx/parley.conf's per-client request limits (`limit_req`: posts, API calls) are left out, " +
      'and the notification worker is not started (as beside the single server). ' +
      "CPU per request: the instances' process trees and nginx's (master and worker), from /proc, over the measured seconds, divided by the responses. " +
      `**This machine has ${cores} cores, shared by the instances, nginx, PostgreSQL, the load generator and other people's work**: compare the two rows of one run, not figures across runs. ` +
      `Instances' memory after start: ${measured.runs.map((r) => `${instancesLabel(r.instances)} ${MB(r.rssAfterStart)} (up in ${fixed(r.startSeconds, 0)} s), ${MB(r.rssAfter)} after the loads`).join('; ')}.`,
    '',
    table(
      [
        'read',
        'instances',
        'requests',
        'req/s',
        '2 / 1',
        'p50',
        'p99',
        'max',
        'errors',
        'non-2xx',
        "instances' CPU per request",
        "nginx's CPU per request",
        'X-Cache-Status (nginx) / X-Parley-Cache (instance)',
        "instances' peak RSS",
        'CPU',
      ],
      clusterReadKeys.flatMap((key) => measured.runs.map((run) => readRow(run, key, one?.reads[key]))),
    ),
    '',
    "The anonymous page and the API's anonymous first page are kept by nginx for 1 s (deploy/nginx/parley.conf), so nearly all of them are answered by nginx and an instance sees about one request a second per URL: " +
      "for them a second instance changes nothing. A signed-in reader's requests carry a session cookie and always reach an instance (whose HTTP cache holds the shared page).",
    '',
    '**Posting.**',
    '',
    table(
      [
        'instances',
        'sent',
        'acknowledged',
        'comments/s',
        '2 / 1',
        'per core',
        'p50',
        'p99',
        'max',
        'refused',
        'errors',
        "instances' CPU per comment",
        "nginx's CPU per comment",
        'paced: p50 / p99',
        'exactly once',
        "instances' peak RSS",
        'CPU',
      ],
      measured.runs.map((run) => postingRow(run, one)),
    ),
    '',
    one && two
      ? `**Per core:** ${int(one.posting.commentsPerSecond)} comments/s with one instance, ${int(two.posting.commentsPerSecond)} with two, both on the same ${cores} cores: ` +
        `${fixed(one.posting.commentsPerSecond / cores, 1)} against ${fixed(two.posting.commentsPerSecond / cores, 1)} comments/s per core, **${ratio(share)}** (target: at least ${ratio(CLUSTER_PER_CORE_SHARE)}: ` +
        `the second instance costs ${share >= 1 ? 'nothing measurable' : percent(1 - share)} of the throughput per core). ${onMoreCores(one)}`
      : '',
    ...faultPart,
  ];
}
