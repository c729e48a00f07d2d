// Scenario 11: what a second instance costs (issue 14). The topology `npm run
// cluster` starts (scripts/support/cluster.ts: nginx configured from
// deploy/nginx/ in front of app instances, each served as `npm start` serves
// it), on the bench's database and build, under the loads of the
// single-server scenarios, now through nginx: the anonymous article page (1),
// the page for signed-in readers (8), the comments API's first page (3), and
// the composer's captured post from the writers, closed loop then paced, with
// every comment checked in the database (5).
//
// One cluster of two instances serves both sides of the comparison: nginx is
// routed to instance 1 alone or to both (its upstream list rewritten and
// reloaded, scripts/support/cluster.ts's route), and each load runs in the
// order 1, 2, 2, 1 instances, so that other work on this shared machine that
// comes or goes during a scenario weighs on both sides alike (two runs of one
// and then of the other did not: the machine's other load came and went
// between them, and the comparison followed it). While nginx sends everything
// to instance 1, instance 2 runs idle. On this 2-core machine both instances
// share the cores that one had to itself (with PostgreSQL, nginx and the load
// generator), so the comparison shows what a second instance costs, or gains
// from what one leaves idle, here: not what it adds on cores of its own.
//
// Two departures from production, both for the bench's load generator, which
// is one client address standing for many readers: nginx's per-client request
// limits (deploy/nginx/parley.conf's limit_req lines) are left out, and the
// notification worker is not started (as beside the single server: http.ts).
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Cluster, startCluster } from '../../scripts/support/cluster';
import { findNginx } from '../../scripts/support/nginx';
import { onCleanup } from '../cleanup';
import type { Fixture } from '../fixture';
import { type App, appEnv, clearDataCache, freePort, rawRequest } from '../http';
import { type LoadFigures, type LoadTarget, runLoad } from '../load';
import { processTree, treeRss } from '../monitor';
import type { BenchOptions } from '../options';
import { since, sleep } from '../stats';
import { articlePageTarget } from './article-page';
import { commentsApiPath, commentsApiTarget } from './comments-api';
import { type Account, measurePosting, type PostingFigures, type PostingTemplate } from './posting';
import { signedInTarget } from './signed-in-page';

/** The reads compared, in the order they run. */
export const clusterReadKeys = ['articlePage', 'signedInPage', 'api'] as const;
export type ClusterReadKey = (typeof clusterReadKeys)[number];

/** Instances nginx sends requests to, for each run of a scenario, in order. */
export const CLUSTER_ORDER = [1, 2, 2, 1] as const;

export type ClusterReadRun = {
  instances: number;
  /** A request just before the measured load: how nginx (X-Cache-Status) and the instance's HTTP cache (X-Parley-Cache) answered it. */
  probe: { status: number; nginxCache: string; appCache: string };
  load: LoadFigures;
};

export type ClusterReadFigures = { label: string; path: string; runs: ClusterReadRun[] };

export type ClusterFigures =
  | { skipped: string }
  | {
      ports: { nginx: number; instances: number[] };
      seconds: number;
      connections: number;
      /** From starting the first instance to nginx listening. */
      startSeconds: number;
      /** Resident memory of both instances (summed) after the start and after the loads. */
      rssAfterStart: number;
      rssAfter: number;
      reads: Record<ClusterReadKey, ClusterReadFigures>;
      posting: { instances: number; figures: PostingFigures }[];
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

async function clusterPorts(options: BenchOptions): Promise<{ nginx: number; instances: number[] }> {
  if (options.clusterPorts) return options.clusterPorts;
  const ports = new Set<number>();
  while (ports.size < 3) ports.add(await freePort());
  const [nginx, ...instances] = [...ports] as [number, number, number];
  return { nginx, instances };
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

const instancesLabel = (n: number) => `${n} instance${n > 1 ? 's' : ''}`;

export async function measureCluster(context: Context): Promise<ClusterFigures> {
  const { databaseUrl, secret, fixture, template, accounts, cookies, options, log } = context;
  try {
    findNginx();
  } catch (error) {
    const skipped = error instanceof Error ? error.message : String(error);
    log(`Cluster scenario skipped: ${skipped}`);
    return { skipped };
  }
  const ports = await clusterPorts(options);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parley-bench-cluster-'));
  const logs = new Map<string, WriteStream>();
  const logFile = (name: string) => path.join(os.tmpdir(), `parley-bench-cluster-${name}.log`);
  // Each process's output in a file of its own: one log line per request would drown the bench's console.
  const output = (name: string) => {
    const stream = logs.get(name) ?? createWriteStream(logFile(name));
    logs.set(name, stream);
    return stream;
  };
  let cluster: Cluster | undefined;
  const stop = onCleanup('cluster', async () => {
    await cluster?.stop();
    for (const stream of logs.values()) stream.end();
    await rm(dir, { recursive: true, force: true });
  });
  try {
    await clearDataCache();
    log(`--- Cluster: nginx on ${ports.nginx} in front of instances on ${ports.instances.join(' and ')} ---`);
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
    const { instances, nginx } = cluster;
    log(`Cluster up in ${startSeconds.toFixed(0)} s; each process's output in ${logFile('<name>')}.`);
    const rssAfterStart = (await treeRss(instances.map((instance) => instance.pid!))).bytes;
    const targets = readTargets(fixture, cookies);
    // Each instance renders its pages once before anything is measured (a first render takes seconds, and
    // nginx's cache lock would hold every other reader of the page meanwhile).
    for (const instance of instances) for (const key of clusterReadKeys) await firstRequest(targets[key].target(instance.base));

    let routed = instances.length;
    /** nginx routed to the first `count` instances, and what the monitor watches meanwhile. */
    const routeTo = async (count: number): Promise<App> => {
      if (count !== routed) {
        const workersBefore = nginxWorkers(nginx.pid!);
        await cluster!.route(instances.slice(0, count).map((instance) => instance.port));
        // The old worker finishes what it holds and exits; until then it could still send a request to instance 2.
        await waitFor(`nginx's reload (to ${instancesLabel(count)})`, () => {
          const workers = nginxWorkers(nginx.pid!);
          return workers.length > 0 && workers.every((pid) => !workersBefore.includes(pid));
        });
        routed = count;
      }
      return {
        // By address: nginx listens on 127.0.0.1 only.
        base: `http://127.0.0.1:${ports.nginx}`,
        pid: instances.slice(0, count).map((instance) => instance.pid!),
        proxyPid: nginx.pid!,
        secret,
        databaseUrl,
        build: { built: false, seconds: 0 },
        stop,
      };
    };

    const reads = {} as Record<ClusterReadKey, ClusterReadFigures>;
    for (const key of clusterReadKeys) {
      const { label, target } = targets[key];
      const runs: ClusterReadRun[] = [];
      for (const count of CLUSTER_ORDER) {
        const app = await routeTo(count);
        let probe: ClusterReadRun['probe'] = { status: 0, nginxCache: 'none', appCache: 'none' };
        const load = await runLoad(`cluster (${instancesLabel(count)}): ${label}`, target(app.base), {
          connections: options.connections,
          seconds: options.clusterSeconds,
          warmupSeconds: options.warmupSeconds,
          watched: app,
          beforeMeasure: async () => {
            const answer = await firstRequest(target(app.base));
            probe = {
              status: answer.status,
              nginxCache: String(answer.headers['x-cache-status'] ?? 'none'),
              appCache: String(answer.headers['x-parley-cache'] ?? 'none'),
            };
          },
        });
        log(
          `Cluster (${instancesLabel(count)}), ${label}: ${load.rps.toFixed(0)} req/s, p50 ${load.latency.median.toFixed(1)} ms, p99 ${load.latency.p99.toFixed(1)} ms, ` +
            `${load.errors + load.non2xx} errors; nginx ${probe.nginxCache}, instance cache ${probe.appCache}.`,
        );
        runs.push({ instances: count, probe, load });
      }
      reads[key] = { label, path: new URL(target(`http://127.0.0.1:${ports.nginx}`).url).pathname, runs };
    }
    const posting: { instances: number; figures: PostingFigures }[] = [];
    for (const [i, count] of CLUSTER_ORDER.entries()) {
      const figures = await measurePosting(await routeTo(count), databaseUrl, fixture, template, accounts, {
        options,
        round: i + 1,
        log,
        tag: `${fixture.runId}-c${i + 1}`,
        label: `cluster, ${instancesLabel(count)}`,
        floor: false,
      });
      posting.push({ instances: count, figures });
    }
    const rssAfter = (await treeRss(instances.map((instance) => instance.pid!))).bytes;
    return { ports, seconds: options.clusterSeconds, connections: options.connections, startSeconds, rssAfterStart, rssAfter, reads, posting };
  } finally {
    await stop();
  }
}

/** nginx's worker processes (not its cache manager or loader), from their command lines in /proc. */
function nginxWorkers(masterPid: number): number[] {
  return processTree(masterPid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('worker process');
    } catch {
      return false; // it exited
    }
  });
}

async function waitFor(what: string, done: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s.`);
    await sleep(100);
  }
}
