// Per-request cost of server/request-telemetry.ts alone, on stand-in request/response objects.
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setLogLevel } from '../lib/log.ts';
import { observeRequest } from '../server/request-telemetry.ts';

const routeOf = (p: string) => (p.startsWith('/articles/') ? '/articles/[slug]' : '(unmatched)');
function fake() {
  const request = { headers: { accept: 'text/html', 'x-request-id': undefined as string | undefined }, method: 'GET', url: '/articles/russia-and-iran-navigating-a-complex-geopolitical-alliance' };
  const headers = new Map<string, unknown>();
  const response = Object.assign(new EventEmitter(), {
    statusCode: 200,
    writableFinished: true,
    setHeader: (n: string, v: unknown) => headers.set(n, v),
    getHeader: (n: string) => headers.get(n),
  });
  return { request: request as unknown as IncomingMessage, response: response as unknown as ServerResponse & EventEmitter, headers };
}
function round(n: number, observe: boolean) {
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const { request, response, headers } = fake();
    if (observe) observeRequest(request, response, { routeOf, internal: false });
    headers.set('x-parley-cache', 'HIT');
    response.emit('close');
  }
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / n; // ns per request
}
const level = (process.env.MICRO_LEVEL ?? 'info') as 'info' | 'warn';
setLogLevel(level);
for (let i = 0; i < 3; i++) round(20_000, true);
const results: Record<string, number[]> = { none: [], telemetry: [] };
for (let r = 0; r < 7; r++) {
  results.none!.push(round(50_000, false));
  results.telemetry!.push(round(50_000, true));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
process.stderr.write(`${level}: baseline ${(median(results.none!) / 1000).toFixed(2)} µs, with telemetry ${(median(results.telemetry!) / 1000).toFixed(2)} µs per request => ${((median(results.telemetry!) - median(results.none!)) / 1000).toFixed(2)} µs added\n`);
await new Promise((resolve) => setTimeout(resolve, 500));
process.exit(0);
