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
import { CLUSTER_ORDER, type ClusterFigures, type ClusterReadRun, clusterReadKeys } from '../scenarios/cluster';
import type { PostingFigures } from '../scenarios/posting';
import { table } from '../stats';
import { cell, cpuText, fixed, int, MB, msText, percent, ratio } from './format';

/** Issue 14: with two instances, posting keeps at least this share of one instance's comments/s per core. */
export const CLUSTER_PER_CORE_SHARE = 0.9;

const root = path.resolve(import.meta.dirname, '../..');

type MeasuredCluster = Extract<ClusterFigures, { reads: unknown }>;
const measuredCluster = (cluster: ClusterFigures | undefined): MeasuredCluster | undefined => (cluster && 'reads' in cluster ? cluster : undefined);
const instancesLabel = (n: number) => `${n} instance${n > 1 ? 's' : ''}`;
const orderText = CLUSTER_ORDER.join(', ');
const refusedText = (refused: Record<string, number>) =>
  Object.entries(refused)
    .map(([why, n]) => `${n} × ${why}`)
    .join('; ') || '0';
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** CPU milliseconds per item over some measured windows: the instances', nginx's, PostgreSQL's (every postgres process) and the load generator's. */
function cpuPer(usages: { usage: Usage; seconds: number }[], items: number) {
  const per = (seconds: number) => (items ? (1000 * seconds) / items : Number.NaN);
  const shareSeconds = (share: (u: Usage) => number) => sum(usages.map(({ usage, seconds }) => (share(usage) / 100) * seconds));
  return {
    instanceMs: per(sum(usages.map(({ usage }) => usage.serverCpuSeconds))),
    nginxMs: per(sum(usages.map(({ usage }) => usage.proxyCpuSeconds ?? Number.NaN))),
    postgresMs: per(shareSeconds((u) => u.cpu.postgres)),
    benchMs: per(shareSeconds((u) => u.cpu.bench)),
    /** The instances' and the whole machine's mean CPU over the windows, in % of one core. */
    instancesShare: (100 * sum(usages.map(({ usage }) => usage.serverCpuSeconds))) / sum(usages.map(({ seconds }) => seconds)),
    machineShare: shareSeconds((u) => u.cpu.machine) / sum(usages.map(({ seconds }) => seconds)),
  };
}

/** The runs of one side (one instance, or two) taken together. */
function readSide(runs: ClusterReadRun[], instances: number) {
  const mine = runs.filter((run) => run.instances === instances);
  const requests = sum(mine.map((run) => run.load.requests));
  const seconds = sum(mine.map((run) => run.load.seconds));
  return {
    instances,
    requests,
    rps: requests / seconds,
    cpu: cpuPer(
      mine.map((run) => ({ usage: run.load.usage, seconds: run.load.seconds })),
      requests,
    ),
  };
}

function postingSide(cluster: MeasuredCluster, instances: number) {
  const mine = cluster.posting.filter((run) => run.instances === instances).map((run) => run.figures);
  const acknowledged = sum(mine.map((p) => p.acknowledged));
  const seconds = sum(mine.map((p) => p.seconds));
  return {
    instances,
    runs: mine,
    acknowledged,
    commentsPerSecond: acknowledged / seconds,
    cores: mine[0]?.usage.cpu.cores ?? 0,
    cpu: cpuPer(
      mine.map((p) => ({ usage: p.usage, seconds: p.seconds })),
      acknowledged,
    ),
    checked: mine.length > 0 && mine.every((p) => p.check.ok),
  };
}

function postingComparison(cluster: MeasuredCluster) {
  const one = postingSide(cluster, 1);
  const two = postingSide(cluster, 2);
  return { one, two, cores: one.cores, share: two.commentsPerSecond / one.commentsPerSecond };
}

function onMoreCores(one: ReturnType<typeof postingSide>): string {
  const c = one.cpu;
  return (
    `With one instance a comment took ${fixed(c.instanceMs, 1)} ms of the instance's CPU, ${fixed(c.nginxMs, 2)} ms of nginx's, ${fixed(c.postgresMs, 1)} ms of PostgreSQL's ` +
    `and ${fixed(c.benchMs, 1)} ms of the load generator's, all on the same ${one.cores} cores (the instance at ${fixed(c.instancesShare, 0)}% of one core, ` +
    `the machine ${fixed(c.machineShare, 0)}% of ${one.cores * 100}% busy, other work included). ` +
    `An instance with a core of its own would answer up to about ${int(1000 / c.instanceMs)} comments/s, and each further instance on a core of its own adds up to as much again, ` +
    `until PostgreSQL (about ${int(1000 / c.postgresMs)} comments/s per core it has; its figure counts every postgres process on the machine, so that limit is a lower bound) ` +
    `or nginx (about ${int(1000 / c.nginxMs)} per core) is the limit. Here the second instance has no core of its own: it shares the ${one.cores} with the first, PostgreSQL, nginx, ` +
    'the load generator and other work, and can only use what the first leaves idle (its JavaScript runs on one thread) or take a larger share from other work; ' +
    'so this comparison shows what a second instance costs, or gains, on this machine, not what it adds on cores of its own.'
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
  const checked = one.checked && two.checked;
  const met = checked && share >= CLUSTER_PER_CORE_SHARE;
  const side = (s: typeof one) =>
    `${int(s.commentsPerSecond)} comments/s (${fixed(s.commentsPerSecond / cores, 1)} per core; p99 ${s.runs.map((p) => msText(p.latency.p99)).join(', ')})`;
  return {
    key: 'cluster-post-per-core',
    target,
    measured: `1 instance ${side(one)}, 2 instances ${side(two)} on ${cores} cores, runs in the order ${orderText}: ${ratio(share)}; every acknowledged comment stored once: ${checked ? 'yes' : '**no**'}`,
    met,
    why: met
      ? undefined
      : `${
          checked
            ? ''
            : `Database check: ${[one, two].map((s) => `${instancesLabel(s.instances)} ${sum(s.runs.map((p) => p.check.lost))} lost, ${sum(s.runs.map((p) => p.check.duplicated))} duplicated`).join('; ')}. `
        }` +
        `Instances' CPU per comment ${fixed(one.cpu.instanceMs, 1)} ms with one, ${fixed(two.cpu.instanceMs, 1)} ms with two; ` +
        `${measured.posting.map(({ instances, figures }) => `${instancesLabel(instances)}: ${cpuText(figures.usage, 'instances')}`).join('. ')}. ` +
        'Two Node.js processes on the same cores each keep their own caches warm, collect their own garbage and take turns on the CPU.',
  };
}

/** Figures beside the target: the reads' 2 / 1 ratios and the latest fault run. */
export function clusterInformation(cluster: ClusterFigures | undefined, fault: FaultCountsReading): InformationRow[] {
  const rows: InformationRow[] = [];
  const measured = measuredCluster(cluster);
  if (measured) {
    rows.push({
      key: 'cluster-reads',
      what: 'Reads through nginx, 2 instances / 1 instance (requests/s): anonymous article page, signed-in article page, comments API first page',
      measured: clusterReadKeys.map((key) => ratio(readSide(measured.reads[key].runs, 2).rps / readSide(measured.reads[key].runs, 1).rps)).join(', '),
      note: "Anonymous pages and the API are answered mostly from nginx's own cache (1 s), so they hardly reach an instance (section 11).",
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
const cpuCells = (cpu: { instanceMs: number; nginxMs: number }, digits: number) => [`${fixed(cpu.instanceMs, digits)} ms`, `${fixed(cpu.nginxMs, 2)} ms`];

function readRunRow(label: string, i: number, run: ClusterReadRun): string[] {
  const l = run.load;
  return [
    label,
    String(i + 1),
    String(run.instances),
    int(l.requests),
    int(l.rps),
    ...latencyCells(l.latency),
    int(l.errors),
    int(l.non2xx),
    ...cpuCells(cpuPer([{ usage: l.usage, seconds: l.seconds }], l.requests), 2),
    `${run.probe.nginxCache} / ${run.probe.appCache}`,
    MB(l.usage.peakRss),
    cpuText(l.usage, 'instances'),
  ];
}

function postingRunRow(i: number, instances: number, p: PostingFigures): string[] {
  return [
    String(i + 1),
    String(instances),
    int(p.sent),
    int(p.acknowledged),
    int(p.commentsPerSecond),
    ...latencyCells(p.latency),
    refusedText(p.refused),
    String(p.errors),
    ...cpuCells(cpuPer([{ usage: p.usage, seconds: p.seconds }], p.acknowledged), 1),
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
  const { one, two, share, cores } = postingComparison(measured);
  const reads = clusterReadKeys.map((key) => ({ ...measured.reads[key], one: readSide(measured.reads[key].runs, 1), two: readSide(measured.reads[key].runs, 2) }));
  return [
    heading,
    '',
    `The topology \`npm run cluster\` starts (scripts/support/cluster.ts): nginx, configured from deploy/nginx/ (one worker process), in front of two app instances served as \`npm start\` serves them, ` +
      `on the bench's database and build (nginx on port ${measured.ports.nginx}, instances on ${measured.ports.instances.join(' and ')}; up in ${fixed(measured.startSeconds, 0)} s). ` +
      `Every load runs four times, with nginx sending requests to ${orderText} instance(s) in turn (its upstream list rewritten and reloaded in between; while it sends everything to instance 1, instance 2 idles), ` +
      'so that other work coming and going on the machine weighs on both sides alike; each side below is its two runs together. ' +
      `The loads of scenarios 1, 8, 3 and 5 go through nginx: ${measured.connections} connections for ${measured.seconds} s a run after ${options.warmupSeconds} s of warm-up, ` +
      `and ${options.writers} writers replaying the composer's post (closed loop for ${options.postSeconds} s a run, then a steady ${options.pacedRate}/s), every acknowledged comment checked in the database. ` +
      "Two departures from production, both because the load generator is one client address standing for many readers: deploy/nginx/parley.conf's per-client request limits (`limit_req`: posts, API calls) are left out, " +
      'and the notification worker is not started (as beside the single server). ' +
      "CPU per request: the process trees of the instances nginx sent requests to, and nginx's (master and worker), from /proc, over the measured seconds, divided by the responses. " +
      `**This machine has ${cores} cores, shared by the instances, nginx, PostgreSQL, the load generator and other people's work**: the figures move from run to run with that work (see each run's CPU below). ` +
      `Both instances' memory: ${MB(measured.rssAfterStart)} after the start, ${MB(measured.rssAfter)} after the loads.`,
    '',
    table(
      ['read', '1 instance: req/s', '2 instances: req/s', '2 / 1', "instances' CPU per request (1 / 2)", "nginx's CPU per request (1 / 2)"],
      reads.map((r) => [
        r.label,
        int(r.one.rps),
        int(r.two.rps),
        `**${ratio(r.two.rps / r.one.rps)}**`,
        `${fixed(r.one.cpu.instanceMs, 2)} / ${fixed(r.two.cpu.instanceMs, 2)} ms`,
        `${fixed(r.one.cpu.nginxMs, 2)} / ${fixed(r.two.cpu.nginxMs, 2)} ms`,
      ]),
    ),
    '',
    "The anonymous page and the API's anonymous first page are kept by nginx for 1 s (deploy/nginx/parley.conf), so nearly all of them are answered by nginx and an instance sees about one request a second per URL: " +
      "for them a second instance changes nothing. A signed-in reader's requests carry a session cookie and always reach an instance (whose HTTP cache holds the shared page).",
    '',
    table(
      ['posting', 'acknowledged', 'comments/s', 'per core', "instances' CPU per comment", "nginx's CPU per comment", "PostgreSQL's CPU per comment", 'exactly once'],
      [one, two].map((s) => [
        instancesLabel(s.instances),
        int(s.acknowledged),
        int(s.commentsPerSecond),
        fixed(s.commentsPerSecond / cores, 1),
        `${fixed(s.cpu.instanceMs, 1)} ms`,
        `${fixed(s.cpu.nginxMs, 2)} ms`,
        `${fixed(s.cpu.postgresMs, 1)} ms`,
        s.checked ? 'yes' : '**no**',
      ]),
    ),
    '',
    `**Per core:** ${int(one.commentsPerSecond)} comments/s with one instance, ${int(two.commentsPerSecond)} with two, both on the same ${cores} cores: ` +
      `${fixed(one.commentsPerSecond / cores, 1)} against ${fixed(two.commentsPerSecond / cores, 1)} comments/s per core, **${ratio(share)}** (target: at least ${ratio(CLUSTER_PER_CORE_SHARE)}: ` +
      `${share >= 1 ? `two instances answered ${percent(share - 1)} more` : `the second instance costs ${percent(1 - share)} of the throughput per core`}). ${onMoreCores(one)}`,
    '',
    '<details><summary>Every run</summary>',
    '',
    table(
      [
        'read',
        'run',
        'instances',
        'requests',
        'req/s',
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
      reads.flatMap((r) => r.runs.map((run, i) => readRunRow(r.label, i, run))),
    ),
    '',
    table(
      [
        'posting run',
        'instances',
        'sent',
        'acknowledged',
        'comments/s',
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
      measured.posting.map(({ instances, figures }, i) => postingRunRow(i, instances, figures)),
    ),
    '',
    '</details>',
    ...faultPart,
  ];
}
