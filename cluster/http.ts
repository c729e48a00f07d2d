// Plain GETs for the cluster tests, from a chosen client address: behind nginx
// every address has its own request limits (deploy/nginx/parley.conf), so each
// simulated reader or writer uses its own 127.0.0.x (all of 127/8 is loopback).
import http from 'node:http';

export type GetOutcome = { status: number; headers: http.IncomingHttpHeaders; body: string; ms: number; error?: string };

export function get(
  url: string,
  { cookie, localAddress, agent, timeoutMs = 10_000 }: { cookie?: string; localAddress?: string; agent?: http.Agent; timeoutMs?: number } = {},
) {
  const started = performance.now();
  return new Promise<GetOutcome>((resolve) => {
    const request = http.request(url, { headers: cookie ? { cookie } : {}, agent: agent ?? false, localAddress, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }),
      );
      response.on('error', (error) => resolve({ status: 0, headers: {}, body: '', ms: performance.now() - started, error: error.message }));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', (error) => resolve({ status: 0, headers: {}, body: '', ms: performance.now() - started, error: error.message }));
    request.end();
  });
}

/** The n-th client address of a group: 127.0.<group>.<n>. */
export const clientAddress = (group: number, n: number) => `127.0.${group}.${(n % 250) + 1}`;
