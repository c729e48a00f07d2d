// The compose.yaml topology as processes of this machine: nginx in front
// (scripts/support/nginx.ts), app instances on loopback ports behind it, and
// the notification worker on its own (the instances run with PARLEY_WORKER=0).
// The database is the caller's: `npm run cluster` (scripts/cluster.ts) and the
// cluster tests (cluster/) each bring theirs.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { constants } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { writeNginxConfig, writeUpstreamConfig } from './nginx';
import { cli, serverCommand, serverEnv } from './processes';

const root = path.resolve(import.meta.dirname, '../..');

export type ClusterOptions = {
  /** Every process's environment: DATABASE_URL, NEXTAUTH_SECRET, SITE_URL, SMTP_URL, PARLEY_DIST_DIR... */
  env: NodeJS.ProcessEnv;
  /** Where nginx listens (127.0.0.1). */
  port: number;
  /** One app instance per port (127.0.0.1). */
  instancePorts: number[];
  /** nginx's configuration, cache and temporary files. */
  dir: string;
  /** Start a process again when it exits by itself, as compose's `restart: unless-stopped` does. */
  supervise?: boolean;
  /** Start the notification worker (default). The bench leaves it out, as it does beside its single server. */
  worker?: boolean;
  /** Keep nginx's request limits per client address (default; see scripts/support/nginx.ts's localServer). */
  perClientLimits?: boolean;
  /** Where a process's output goes (default: this process's stdout, each line prefixed with its name). */
  output?: (name: string) => Writable;
  log?: (message: string) => void;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One process of the cluster, started and stopped on demand. */
export class ClusterProcess {
  private child: ChildProcess | undefined;
  private exitedPromise: Promise<number> = Promise.resolve(0);
  /** Set while we stop it on purpose: its exit is then no crash to restart from. */
  private stopping = false;

  constructor(
    readonly name: string,
    private readonly command: { file: string; args: string[]; env: NodeJS.ProcessEnv },
    private readonly options: {
      supervise: boolean;
      output?: (name: string) => Writable;
      log: (message: string) => void;
      waitUntilUp: (process: ClusterProcess) => Promise<void>;
    },
  ) {}

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the exit code (128 + n for signal n) when the current process ends. */
  get exited(): Promise<number> {
    return this.exitedPromise;
  }

  /** Starts it and waits until it is up (an instance: /api/ready answers 200). */
  async start(): Promise<void> {
    if (this.running) return;
    this.stopping = false;
    const { file, args, env } = this.command;
    const child = spawn(file, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.pipeOutput(child);
    this.exitedPromise = new Promise((resolve) => {
      child.once('error', (error) => {
        this.options.log(`${this.name}: ${error.message}`);
        resolve(1);
      });
      child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
    });
    void this.exitedPromise.then((code) => {
      if (this.stopping || this.child !== child) return;
      this.options.log(`${this.name} exited by itself (code ${code})${this.options.supervise ? '; starting it again in 1 s' : ''}.`);
      if (this.options.supervise) void sleep(1000).then(() => (this.stopping || this.child !== child ? undefined : this.start().catch(() => undefined)));
    });
    await Promise.race([
      this.options.waitUntilUp(this),
      this.exitedPromise.then((code) => {
        throw new Error(`${this.name} exited (code ${code}) before it was up.`);
      }),
    ]);
  }

  /** Asks it to stop (SIGTERM: an instance finishes its requests) and waits; SIGKILL after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<number> {
    const child = this.child;
    if (!child || !this.running) return this.exitedPromise;
    this.stopping = true;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const code = await this.exitedPromise;
    clearTimeout(timer);
    return code;
  }

  /** SIGKILL: a crash, as far as everything else can tell. Not restarted, even when supervised: the caller decides. */
  async kill(): Promise<number> {
    return this.stop('SIGKILL', 0);
  }

  private pipeOutput(child: ChildProcess) {
    const target = this.options.output?.(this.name);
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      if (target) {
        stream.pipe(target, { end: false });
        continue;
      }
      const prefix = `[${this.name}] `;
      createInterface({ input: stream }).on('line', (line) => process.stdout.write(prefix + line + '\n'));
    }
  }
}

export type Cluster = {
  /** nginx's address, what readers use. */
  url: string;
  nginx: ClusterProcess;
  instances: (ClusterProcess & { port: number; base: string })[];
  /** Absent when started with `worker: false`. */
  worker?: ClusterProcess;
  /**
   * Sends nginx's requests to these instances only (of those started): its upstream list rewritten, then
   * a graceful reload (SIGHUP). New workers take new connections at once; the old ones finish theirs and exit.
   */
  route(instancePorts: number[]): Promise<void>;
  /** Stops nginx, the instances (SIGTERM, in parallel) and the worker. The database is the caller's. */
  stop(): Promise<void>;
};

async function waitFor(what: string, process: ClusterProcess, check: () => Promise<boolean>, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!process.running) return; // start() reports the exit
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`${process.name}: ${what} within ${timeoutMs / 1000} s.`);
}

/** 200 from GET /api/ready: PostgreSQL answers, migrations applied, listeners connected (app/api/ready). */
export async function instanceReady(base: string): Promise<boolean> {
  try {
    const response = await fetch(`${base}/api/ready`, { signal: AbortSignal.timeout(5_000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts the instances and the worker, then nginx in front of them; resolves when every instance is ready and nginx listens. */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const log = options.log ?? ((message: string) => console.log(message));
  const common = { supervise: options.supervise ?? false, output: options.output, log };
  const env: NodeJS.ProcessEnv = { ...options.env, NEXT_TELEMETRY_DISABLED: '1', PARLEY_WORKER: '0' };

  const instances = options.instancePorts.map((port, i) => {
    const base = `http://127.0.0.1:${port}`;
    const instance = new ClusterProcess(
      `app${i + 1}`,
      {
        file: process.execPath,
        args: [...serverCommand, '--port', String(port), '--hostname', '127.0.0.1'],
        // Behind nginx: the client's address comes in X-Forwarded-For (rate limits, logs).
        env: { ...serverEnv, ...env, PORT: String(port), TRUST_PROXY: '1' },
      },
      { ...common, waitUntilUp: (self) => waitFor('not ready (GET /api/ready)', self, () => instanceReady(base)) },
    );
    return Object.assign(instance, { port, base });
  });
  // `npm run worker` (scripts/worker.ts), without npm in between: signals reach it directly.
  const worker =
    options.worker === false
      ? undefined
      : new ClusterProcess(
          'worker',
          { file: process.execPath, args: [cli.tsx(), '--conditions=react-server', path.join('scripts', 'worker.ts')], env },
          { ...common, waitUntilUp: async () => {} },
        );
  const setup = await writeNginxConfig({ dir: options.dir, port: options.port, instancePorts: options.instancePorts, perClientLimits: options.perClientLimits });
  const nginx = new ClusterProcess(
    'nginx',
    { file: setup.binary, args: ['-p', setup.prefix, '-c', setup.config], env: process.env },
    { ...common, waitUntilUp: (self) => waitFor('not listening', self, () => portAccepts(options.port), 30_000) },
  );

  const stop = async () => {
    // SIGQUIT: nginx's graceful shutdown (open requests finish).
    await nginx.stop('SIGQUIT', 10_000);
    await Promise.all([...instances.map((instance) => instance.stop()), worker?.stop()]);
  };
  try {
    // One at a time: two cold starts at once on a small machine take longer than one after the other.
    for (const instance of instances) {
      log(`Starting ${instance.name} on ${instance.base}...`);
      await instance.start();
    }
    await worker?.start();
    await nginx.start();
  } catch (error) {
    await stop();
    throw error;
  }
  const route = async (instancePorts: number[]) => {
    if (!instancePorts.length || instancePorts.some((port) => !options.instancePorts.includes(port))) {
      throw new Error(`nginx can only be routed to instances of this cluster (${options.instancePorts.join(', ')}), not ${instancePorts.join(', ') || 'none'}.`);
    }
    await writeUpstreamConfig(options.dir, instancePorts);
    if (!nginx.pid) throw new Error('nginx is not running.');
    process.kill(nginx.pid, 'SIGHUP');
  };
  return { url: `http://localhost:${options.port}`, nginx, instances, worker, route, stop };
}
