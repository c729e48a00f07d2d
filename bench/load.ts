// HTTP load with autocannon's programmatic API, from the bench process (the
// same machine as the server): a short warm-up run, then the measured run,
// with the server's memory and everybody's CPU sampled throughout.
import autocannon from 'autocannon';
import { monitor, type Usage } from './monitor';
import { summarize, type Summary } from './stats';

export type LoadTarget = { url: string; method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string | Buffer };

export type LoadFigures = {
  label: string;
  url: string;
  connections: number;
  seconds: number;
  /** Completed responses, whatever their status. */
  requests: number;
  rps: number;
  /** Every response's time to its last byte, in ms (autocannon's own histogram keeps 2xx only, in whole ms). */
  latency: Summary;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  statuses: Record<string, number>;
  bytesPerResponse: number;
  usage: Usage;
};

function cannon(target: LoadTarget, connections: number, seconds: number, onLatency?: (ms: number) => void) {
  const instance = autocannon({
    url: target.url,
    method: target.method ?? 'GET',
    headers: target.headers,
    body: target.body,
    connections,
    duration: seconds,
    timeout: 30,
  });
  if (onLatency) instance.on('response', (_client, _status, _bytes, responseTime) => onLatency(responseTime));
  return instance;
}

export async function runLoad(
  label: string,
  target: LoadTarget,
  {
    connections,
    seconds,
    warmupSeconds,
    serverPid,
    beforeMeasure,
  }: { connections: number; seconds: number; warmupSeconds: number; serverPid: number; beforeMeasure?: () => Promise<void> },
): Promise<LoadFigures> {
  if (warmupSeconds > 0) await cannon(target, connections, warmupSeconds);
  await beforeMeasure?.();
  const latencies: number[] = [];
  const watch = monitor(serverPid);
  const result = await cannon(target, connections, seconds, (ms) => latencies.push(ms));
  const usage = await watch.stop();
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  const requests = result.requests.total;
  return {
    label,
    url: target.url,
    connections,
    seconds: result.duration,
    requests,
    rps: requests / result.duration,
    latency: summarize(latencies),
    errors: result.errors,
    non2xx: result.non2xx,
    statuses,
    bytesPerResponse: requests ? result.throughput.total / requests : 0,
    usage,
  };
}
