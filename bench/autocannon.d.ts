// The part of autocannon's programmatic API the bench uses (the package ships no
// types): https://github.com/mcollina/autocannon#api
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  type Histogram = {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
    p99_9: number;
    total?: number;
    sent?: number;
  };

  export type Options = {
    url: string;
    connections?: number;
    /** Worker threads that share the connections (each runs its own client loop). */
    workers?: number;
    duration?: number;
    amount?: number;
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    /** Each connection sends these in turn (their headers replace the defaults'), then starts again. */
    requests?: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }[];
    title?: string;
  };

  export type Result = {
    title?: string;
    url: string;
    connections: number;
    duration: number;
    start: Date;
    finish: Date;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    statusCodeStats: Record<string, { count: number }>;
    latency: Histogram;
    requests: Histogram & { total: number; sent: number };
    throughput: Histogram & { total: number };
  };

  export type Instance = EventEmitter &
    PromiseLike<Result> & {
      stop(): void;
      on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): Instance;
      on(event: 'reqError', listener: (error: Error) => void): Instance;
      on(event: 'done', listener: (result: Result) => void): Instance;
    };

  function autocannon(options: Options): Instance;
  export default autocannon;
}
