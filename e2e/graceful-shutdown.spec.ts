// SIGTERM on a running instance (a deploy, `docker stop`): it stops taking
// connections, finishes the request it is in the middle of, tells its
// event-stream readers to reconnect (elsewhere) and closes their streams,
// stops its job worker, and exits 0 within 10 s.
//
// A second server of the same build on the suite's database, started and
// stopped by this test (the suite's own server keeps running).
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { articleSlug } from './comment-fixtures';
import { expect, test } from './fixtures';

// Playwright runs from the project's folder (its CommonJS test loader has no import.meta).
const root = process.cwd();

type Instance = { child: ChildProcess; port: number; output: () => string; exited: Promise<{ code: number | null; at: number }> };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the production server on a free port and waits for its ready line. */
async function startInstance(): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--max-old-space-size=192', path.join(root, 'server', 'launch.mjs'), '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, MALLOC_ARENA_MAX: '2', PORT: String(port), TRUST_PROXY: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ready = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { event?: string })
      .find((line) => line.event === 'server.ready');
    if (ready) return { child, port, output: () => output, exited };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`The second server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Whether a new TCP connection to the port is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

test('SIGTERM: the event stream is told to reconnect and closed, the request in flight completes, new connections are refused, and the process exits 0 within 10 s', async ({
  clientAddress,
}) => {
  test.setTimeout(120_000);
  const instance = await startInstance();
  try {
    const base = `http://127.0.0.1:${instance.port}`;
    // Warm the article's stream route, so that the stream below opens at once.
    expect((await fetch(`${base}/api/articles/${articleSlug}/comments`)).status).toBe(200);

    // A reader's live thread.
    const stream = await fetch(`${base}/api/articles/${articleSlug}/events`, { headers: { 'X-Forwarded-For': clientAddress } });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = stream.body!.getReader();
    let received = '';
    let streamEnded = false;
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        received += new TextDecoder().decode(value);
      }
      streamEnded = true;
    })();
    await expect.poll(() => received).toContain('event: count');

    // A slow request: a browser's report whose body is still on its way.
    const body = JSON.stringify({ 'csp-report': { 'document-uri': `${base}/`, 'violated-directive': 'script-src-elem', 'blocked-uri': 'inline' } });
    const slow = net.connect(instance.port, '127.0.0.1');
    await new Promise<void>((resolve) => slow.once('connect', resolve));
    let answer = '';
    slow.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    const slowClosed = new Promise<void>((resolve) => slow.once('close', () => resolve()));
    slow.write(
      `POST /api/csp-report HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/csp-report\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Forwarded-For: ${clientAddress}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));

    const signalled = Date.now();
    instance.child.kill('SIGTERM');

    // The stream's last words: a short retry delay and the reconnect event; then it ends.
    await expect.poll(() => received, { timeout: 5_000 }).toMatch(/retry: \d+\nevent: reconnect\ndata: \{"afterMs":\d+\}\n\n$/);
    await expect.poll(() => streamEnded, { timeout: 5_000 }).toBe(true);
    await reading;
    const afterMs = Number(/"afterMs":(\d+)/.exec(received)?.[1]);
    expect(afterMs).toBeGreaterThanOrEqual(250);
    expect(afterMs).toBeLessThan(1250);

    // No new connections, while the slow request is still open.
    await expect.poll(() => refused(instance.port), { timeout: 3_000 }).toBe(true);
    expect(answer).toBe('');

    // The rest of the body arrives: the request completes, and its connection is closed after it.
    slow.write(body.slice(10));
    await slowClosed;
    expect(answer).toMatch(/^HTTP\/1\.1 204 /);
    expect(answer.toLowerCase()).toContain('connection: close');

    const { code, at } = await instance.exited;
    expect(code, instance.output()).toBe(0);
    expect(at - signalled).toBeLessThan(10_000);
    const events = instance
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => (JSON.parse(line) as { event?: string }).event);
    expect(events).toEqual(expect.arrayContaining(['server.stopping', 'job.worker-stopped', 'server.stopped']));
  } finally {
    if (instance.child.exitCode === null) instance.child.kill('SIGKILL');
  }
});
