// Command-line flags of `npm run bench`, and the sizes of a full run and of a
// smoke run (--smoke: a few seconds per scenario on tiny data, for CI).
import os from 'node:os';
import path from 'node:path';

/**
 * Scenarios `--only=` can run alone (the app, the posting article and the writers, then that scenario; no report files):
 * for trying a change against one target without the whole run.
 */
export const onlyScenarios = ['reply-notifications', 'posting', 'first-load-js', 'cache-flood', 'cluster'] as const;
export type OnlyScenario = (typeof onlyScenarios)[number];

export type BenchOptions = {
  smoke: boolean;
  /** Judge and write the report again from a run's saved figures (--report-from=FILE.json), running nothing. */
  reportFrom?: string;
  /** Run just this scenario and print its target rows (--only=NAME). */
  only?: OnlyScenario;
  /** Rebuild .next-bench even when the sources are unchanged. */
  rebuild: boolean;
  /** Leave out the 100,000-comment moderation data and its plans. */
  skipModeration: boolean;
  /** Where the report goes: bench/results, or a temporary folder for --smoke (unless --out). */
  outDir: string;
  /** Comments in the large thread (the small one always has 10). */
  largeThread: number;
  largeTopLevel: number;
  moderationComments: number;
  moderationAuthors: number;
  /** Concurrent connections for the HTTP scenarios and concurrent callers of the raw SQL loop. */
  connections: number;
  /** Seconds of load for the article page, its ceiling and the signed-in page (scenarios 1, 2 and 8). */
  pageSeconds: number;
  /** Seconds of load for each API case and the raw SQL loop (scenarios 3 and 4). */
  apiSeconds: number;
  /** Seconds of posting, and how many writers post at once (scenario 5). */
  postSeconds: number;
  writers: number;
  /** Comments/s of the paced posting run: the same writers, each post sent at its scheduled time. */
  pacedRate: number;
  /** Scenario 10: replies/s (notifying and silent alternately), seconds of it, and parents per kind. */
  notifyRate: number;
  notifySeconds: number;
  notifyParents: number;
  /** Seconds of warm-up load before each measured HTTP run (not counted). */
  warmupSeconds: number;
  /** Scenario 11, the cluster: seconds of each run of a read (a posting run takes postSeconds). */
  clusterSeconds: number;
  /** Scenario 11: nginx's port and the instances' (--cluster-ports=NGINX,APP1,APP2); free ports when not given. */
  clusterPorts?: { nginx: number; instances: [number, number] };
  /** Scenario 9, the cache flood: distinct made-up requests, and how many are in flight at once. */
  floodRequests: number;
  floodConnections: number;
  /** HTTP scenarios 1, 3, 5 and 8 run this many times against the same server (memory growth). */
  rounds: number;
  /** Timed calls per case in the library-level thread timing, and per moderation call. */
  threadIterations: number;
  moderationIterations: number;
  /** Pages followed for the "deep page" (thread: 50 pages in; moderation queues: 20). */
  deepPage: number;
  moderationDeepPage: number;
};

const root = path.resolve(import.meta.dirname, '..');

export function parseOptions(args: string[]): BenchOptions {
  const known = ['smoke', 'rebuild', 'skip-moderation', 'out', 'only', 'cluster-ports', 'report-from'];
  for (const arg of args) {
    const name = /^--([a-z-]+)/.exec(arg)?.[1];
    if (!name || !known.includes(name))
      throw new Error(
        `Unknown argument ${arg}. Known: ${known.map((k) => `--${k}`).join(', ')} (--out=DIR, --only=${onlyScenarios.join('|')}, --cluster-ports=NGINX,APP1,APP2, --report-from=FILE.json).`,
      );
  }
  const flag = (name: string) => args.includes(`--${name}`);
  const out = args.find((arg) => arg.startsWith('--out='))?.slice('--out='.length);
  const only = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  const reportFrom = args.find((arg) => arg.startsWith('--report-from='))?.slice('--report-from='.length);
  if (args.includes('--only') || (only !== undefined && !(onlyScenarios as readonly string[]).includes(only))) {
    throw new Error(`--only=NAME runs one scenario: ${onlyScenarios.join(', ')}.`);
  }
  const smoke = flag('smoke');
  const clusterPorts = parseClusterPorts(args.find((arg) => arg.startsWith('--cluster-ports'))?.replace(/^--cluster-ports=?/, ''));
  const shared = {
    smoke,
    only: only as OnlyScenario | undefined,
    reportFrom: reportFrom ? path.resolve(reportFrom) : undefined,
    // Issue 13's steady rate, in the smoke run too (a few seconds of it).
    notifyRate: 20,
    notifyParents: 10,
    rebuild: flag('rebuild'),
    skipModeration: flag('skip-moderation'),
    rounds: 2,
    clusterPorts,
  };
  if (smoke) {
    return {
      ...shared,
      outDir: out ? path.resolve(out) : path.join(os.tmpdir(), `parley-bench-smoke-${process.pid}`),
      largeThread: 200,
      largeTopLevel: 60,
      moderationComments: 2000,
      moderationAuthors: 200,
      connections: 5,
      pageSeconds: 2,
      apiSeconds: 2,
      postSeconds: 2,
      writers: 5,
      pacedRate: 5,
      notifySeconds: 4,
      clusterSeconds: 2,
      floodRequests: 250,
      floodConnections: 4,
      warmupSeconds: 1,
      threadIterations: 20,
      moderationIterations: 5,
      deepPage: 3,
      moderationDeepPage: 3,
    };
  }
  return {
    ...shared,
    outDir: out ? path.resolve(out) : path.join(root, 'bench', 'results'),
    largeThread: 10_000,
    largeTopLevel: 2_000,
    moderationComments: 100_000,
    moderationAuthors: 3_000,
    connections: 50,
    pageSeconds: 20,
    apiSeconds: 10,
    postSeconds: 10,
    writers: 50,
    pacedRate: 20,
    notifySeconds: 30,
    clusterSeconds: 10,
    floodRequests: 10_000,
    floodConnections: 4,
    warmupSeconds: 3,
    threadIterations: 200,
    moderationIterations: 60,
    deepPage: 50,
    moderationDeepPage: 20,
  };
}

function parseClusterPorts(value: string | undefined): BenchOptions['clusterPorts'] {
  if (value === undefined) return undefined;
  const ports = value.split(',').map(Number);
  if (ports.length !== 3 || ports.some((port) => !Number.isInteger(port) || port < 1 || port > 65535) || new Set(ports).size !== 3) {
    throw new Error(`--cluster-ports=NGINX,APP1,APP2 takes three different port numbers (nginx's, then the instances'), not "${value}".`);
  }
  return { nginx: ports[0]!, instances: [ports[1]!, ports[2]!] };
}
