// HTTP load with autocannon's programmatic API, from the bench process (the
// same machine as the server): a short warm-up run, then the measured run,
// with the server's memory and everybody's CPU sampled throughout.
//
// autocannon runs in worker threads, one per core that divides the connections
// evenly: one thread reading 300 kB pages tops out near 1,000 requests/s on
// this kind of machine (a third of what two do), which would measure the load
// generator, not the server. It also leaves the main thread free for sampling.
import os from 'node:os';
import autocannon from 'autocannon';
import { monitor, type Usage, type Watched } from './monitor';

export type LoadTarget = {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /**
   * Every connection sends these in turn, each merged over `headers` (one
   * signed-in reader's cookie each, say), starting again after the last.
   */
  headerSets?: Record<string, string>[];
};

/** autocannon's latency histogram (every response, non-2xx included), in whole milliseconds. */
export type Latency = { median: number; p90: number; p99: number; max: number; mean: number };

export type LoadFigures = {
  label: string;
  url: string;
  connections: number;
  workers: number;
  seconds: number;
  /** Completed responses, whatever their status. */
  requests: number;
  rps: number;
  latency: Latency;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  statuses: Record<string, number>;
  bytesPerResponse: number;
  usage: Usage;
};

export function workersFor(connections: number): number {
  for (let workers = os.cpus().length; workers > 1; workers--) if (connections % workers === 0) return workers;
  return 1;
}

function cannon(target: LoadTarget, connections: number, seconds: number) {
  return autocannon({
    url: target.url,
    method: target.method ?? 'GET',
    headers: target.headers,
    body: target.body,
    // Plain objects only: autocannon hands them to its worker threads.
    requests: target.headerSets?.map((headers) => ({ headers: { ...target.headers, ...headers } })),
    connections,
    workers: workersFor(connections),
    duration: seconds,
    timeout: 30,
  });
}

export async function runLoad(
  label: string,
  target: LoadTarget,
  {
    connections,
    seconds,
    warmupSeconds,
    watched,
    beforeMeasure,
  }: {
    connections: number;
    seconds: number;
    warmupSeconds: number;
    /** Whose CPU and memory count as the server's (the app under test: its process, or a cluster's instances and nginx). */
    watched: Watched;
    beforeMeasure?: () => Promise<void>;
  },
): Promise<LoadFigures> {
  if (warmupSeconds > 0) await cannon(target, connections, warmupSeconds);
  await beforeMeasure?.();
  const watch = monitor(watched);
  const result = await cannon(target, connections, seconds);
  const usage = await watch.stop();
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)]));
  const requests = result.requests.total;
  return {
    label,
    url: target.url,
    connections,
    workers: workersFor(connections),
    seconds: result.duration,
    requests,
    rps: requests / result.duration,
    // No response, no latency (autocannon's empty histogram reads 0 ms).
    latency: requests
      ? { median: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean }
      : { median: Number.NaN, p90: Number.NaN, p99: Number.NaN, max: Number.NaN, mean: Number.NaN },
    errors: result.errors,
    non2xx: result.non2xx,
    statuses,
    bytesPerResponse: requests ? result.throughput.total / requests : 0,
    usage,
  };
}
