// Scenario 11: what a second instance costs (issue 14). The topology `npm run
// cluster` starts (scripts/support/cluster.ts: nginx configured from
// deploy/nginx/, app instances behind it, each served as `npm start` serves
// it), first with one instance, then with two, on the bench's database and
// build, and under the loads of the single-server scenarios, now through nginx:
// the anonymous article page (1), the page for signed-in readers (8), the
// comments API's first page (3), and the composer's captured post from the
// writers, closed loop then paced, with every comment checked in the database
// (5). On this 2-core machine both instances share the cores that one had to
// itself, so the comparison shows what a second instance costs, not what it adds.
//
// Two departures from production, both for the bench's load generator, which
// is one client address standing for many readers: nginx's per-client request
// limits (deploy/nginx/parley.conf's limit_req lines) are left out, and the
// notification worker is not started (as beside the single server: http.ts).
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Cluster, startCluster } from '../../scripts/support/cluster';
import { findNginx } from '../../scripts/support/nginx';
import { onCleanup } from '../cleanup';
import type { Fixture } from '../fixture';
import { type App, appEnv, clearDataCache, freePort, rawRequest } from '../http';
import { type LoadFigures, type LoadTarget, runLoad } from '../load';
import { treeRss } from '../monitor';
import type { BenchOptions } from '../options';
import { since, sleep } from '../stats';
import { articlePageTarget } from './article-page';
import { commentsApiPath, commentsApiTarget } from './comments-api';
import { type Account, measurePosting, type PostingFigures, type PostingTemplate } from './posting';
import { signedInTarget } from './signed-in-page';

/** The reads compared, in the order they run. */
export const clusterReadKeys = ['articlePage', 'signedInPage', 'api'] as const;
export type ClusterReadKey = (typeof clusterReadKeys)[number];

export type ClusterReadFigures = {
  label: string;
  path: string;
  /** A request just before the measured load: how nginx (X-Cache-Status) and the instance's HTTP cache (X-Parley-Cache) answered it. */
  probe: { status: number; nginxCache: string; appCache: string };
  load: LoadFigures;
};

export type ClusterRunFigures = {
  instances: number;
  /** From starting the first instance to nginx listening. */
  startSeconds: number;
  /** Resident memory of the instances (summed) after the start and after the loads. */
  rssAfterStart: number;
  rssAfter: number;
  reads: Record<ClusterReadKey, ClusterReadFigures>;
  posting: PostingFigures;
};

export type ClusterFigures =
  | { skipped: string }
  | {
      ports: { nginx: number; instances: number[] };
      seconds: number;
      connections: number;
      runs: ClusterRunFigures[];
    };

type Context = {
  databaseUrl: string;
  /** The single server's session secret: the readers' and writers' cookies were minted with it. */
  secret: string;
  fixture: Fixture;
  template: PostingTemplate;
  accounts: Account[];
  cookies: string[];
  options: BenchOptions;
  log: (message: string) => void;
};

/** Instance counts compared, in order. */
const INSTANCE_COUNTS = [1, 2] as const;

async function clusterPorts(options: BenchOptions): Promise<{ nginx: number; instances: number[] }> {
  if (options.clusterPorts) return options.clusterPorts;
  const ports = new Set<number>();
  while (ports.size < 3) ports.add(await freePort());
  const [nginx, ...instances] = [...ports] as [number, number, number];
  return { nginx, instances };
}

export async function measureCluster(context: Context): Promise<ClusterFigures> {
  const { options, log } = context;
  try {
    findNginx();
  } catch (error) {
    const skipped = error instanceof Error ? error.message : String(error);
    log(`Cluster scenario skipped: ${skipped}`);
    return { skipped };
  }
  const ports = await clusterPorts(options);
  const runs: ClusterRunFigures[] = [];
  for (const count of INSTANCE_COUNTS) {
    runs.push(await measureTopology(count, { nginx: ports.nginx, instances: ports.instances.slice(0, count) }, context));
    await sleep(2000);
  }
  return { ports, seconds: options.clusterSeconds, connections: options.connections, runs };
}

/** The reads, each as a load against a base address: nginx's, or one instance's (to warm it). */
function readTargets(fixture: Fixture, cookies: string[]): Record<ClusterReadKey, { label: string; target: (base: string) => LoadTarget }> {
  const { slug, label } = fixture.large;
  return {
    articlePage: { label: `anonymous article page, ${label}`, target: (base) => articlePageTarget(base, slug) },
    signedInPage: { label: `article page, signed in (${cookies.length} readers)`, target: (base) => signedInTarget(base, slug, cookies) },
    api: { label: `comments API first page, ${label}`, target: (base) => commentsApiTarget(base, commentsApiPath(slug)) },
  };
}

/** One request as the load's first connection sends it. */
const firstRequest = (target: LoadTarget) =>
  rawRequest(target.url, { method: target.method, headers: { ...target.headers, ...target.headerSets?.[0] }, body: target.body });

/** Starts nginx in front of `ports.instances.length` instances, drives the four loads through it, stops it all. */
async function measureTopology(count: number, ports: { nginx: number; instances: number[] }, context: Context): Promise<ClusterRunFigures> {
  const { databaseUrl, secret, fixture, template, accounts, cookies, options, log } = context;
  const what = `${count} instance${count > 1 ? 's' : ''}`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parley-bench-cluster-'));
  const logs = new Map<string, WriteStream>();
  // Each process's output in a file of its own: one log line per request would drown the bench's console.
  const output = (name: string) => {
    const stream = logs.get(name) ?? createWriteStream(path.join(os.tmpdir(), `parley-bench-cluster${count}-${name}.log`));
    logs.set(name, stream);
    return stream;
  };
  let cluster: Cluster | undefined;
  const stop = onCleanup(`cluster of ${what}`, async () => {
    await cluster?.stop();
    for (const stream of logs.values()) stream.end();
    await rm(dir, { recursive: true, force: true });
  });
  try {
    await clearDataCache();
    log(`--- Cluster: nginx on ${ports.nginx} in front of ${what} (${ports.instances.join(', ')}) ---`);
    const started = performance.now();
    cluster = await startCluster({
      env: { ...appEnv(databaseUrl, secret), SITE_URL: `http://localhost:${ports.nginx}` },
      port: ports.nginx,
      instancePorts: ports.instances,
      dir,
      worker: false,
      perClientLimits: false,
      output,
      log: (message) => log(`cluster: ${message}`),
    });
    const startSeconds = since(started) / 1000;
    const app: App = {
      // By address: nginx listens on 127.0.0.1 only.
      base: `http://127.0.0.1:${ports.nginx}`,
      pid: cluster.instances.map((instance) => instance.pid!),
      proxyPid: cluster.nginx.pid!,
      secret,
      databaseUrl,
      build: { built: false, seconds: 0 },
      stop,
    };
    log(`Cluster of ${what} up in ${startSeconds.toFixed(0)} s; each process's output in ${path.join(os.tmpdir(), `parley-bench-cluster${count}-<name>.log`)}.`);
    const rssAfterStart = (await treeRss(app.pid)).bytes;
    const read = async (label: string, target: LoadTarget): Promise<ClusterReadFigures> => {
      let probe: ClusterReadFigures['probe'] = { status: 0, nginxCache: 'none', appCache: 'none' };
      const load = await runLoad(`cluster (${what}): ${label}`, target, {
        connections: options.connections,
        seconds: options.clusterSeconds,
        warmupSeconds: options.warmupSeconds,
        watched: app,
        beforeMeasure: async () => {
          const answer = await firstRequest(target);
          probe = {
            status: answer.status,
            nginxCache: String(answer.headers['x-cache-status'] ?? 'none'),
            appCache: String(answer.headers['x-parley-cache'] ?? 'none'),
          };
        },
      });
      log(
        `Cluster (${what}), ${label}: ${load.rps.toFixed(0)} req/s, p50 ${load.latency.median.toFixed(1)} ms, p99 ${load.latency.p99.toFixed(1)} ms, ` +
          `${load.errors + load.non2xx} errors; nginx ${probe.nginxCache}, instance cache ${probe.appCache}.`,
      );
      return { label, path: new URL(target.url).pathname, probe, load };
    };
    const targets = readTargets(fixture, cookies);
    // Each instance renders its pages once before anything is measured (a first render takes seconds, and
    // nginx's cache lock would hold every other reader of the page meanwhile).
    for (const instance of cluster.instances) for (const key of clusterReadKeys) await firstRequest(targets[key].target(instance.base));
    const reads = {} as Record<ClusterReadKey, ClusterReadFigures>;
    for (const key of clusterReadKeys) reads[key] = await read(targets[key].label, targets[key].target(app.base));
    const posting = await measurePosting(app, databaseUrl, fixture, template, accounts, {
      options,
      round: count,
      log,
      tag: `${fixture.runId}-c${count}`,
      label: `cluster, ${what}`,
      floor: false,
    });
    const rssAfter = (await treeRss(app.pid)).bytes;
    return { instances: count, startSeconds, rssAfterStart, rssAfter, reads, posting };
  } finally {
    await stop();
  }
}
