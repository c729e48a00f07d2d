// npm run cluster [-- --port 8080 --instances 3001,3002]
// compose.yaml's topology without Docker: the system nginx on --port in front of
// two app instances (the production build, built first when the sources
// changed, as npm start does), the notification worker as its own process, and
// PostgreSQL from DATABASE_URL (migrated and seeded, as npm start does) or the
// embedded one. Ctrl-C or SIGTERM stops everything.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { clearDataCache } from './support/build-stamp';
import { type Cluster, startCluster } from './support/cluster';
import { onShutdownSignal, type Spawned, stopChild } from './support/processes';
import { type AppSetup, buildIfNeeded, printAccess, setUpApp } from './support/serve';

function portNumber(value: string, what: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${what} must be a port number, not "${value}".`);
  return port;
}

async function main() {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '8080' }, instances: { type: 'string', default: '3001,3002' } } });
  const port = portNumber(values.port, '--port');
  const instancePorts = values.instances.split(',').map((value) => portNumber(value.trim(), '--instances'));
  if (instancePorts.length < 1 || new Set([port, ...instancePorts]).size !== instancePorts.length + 1) {
    throw new Error('--instances must list one or more ports, all different from each other and from --port.');
  }
  const baseEnv: NodeJS.ProcessEnv = { ...process.env };
  const siteUrl = baseEnv.SITE_URL?.trim() || `http://localhost:${port}`;
  let setup: AppSetup | undefined;
  let build: Spawned | undefined;
  let cluster: Cluster | undefined;
  let dir: string | undefined;
  let stopping = false;

  // Readers first (nginx), then the instances and the worker, then the database.
  const shutDown = async () => {
    if (build) await stopChild(build);
    await cluster?.stop();
    await setup?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  };
  onShutdownSignal(async () => {
    stopping = true;
    await shutDown();
    return 0;
  });

  try {
    setup = await setUpApp(String(port), baseEnv);
    await buildIfNeeded(setup.env, (child) => (build = child));
    build = undefined;
    await clearDataCache();
    dir = await mkdtemp(path.join(tmpdir(), 'parley-cluster-'));
    cluster = await startCluster({ env: { ...setup.env, SITE_URL: siteUrl }, port, instancePorts, dir, supervise: true });
    printAccess(setup, siteUrl);
    console.log(
      `Parley cluster ready on ${cluster.url}: nginx (${path.join(dir, 'nginx.conf')}) -> ${cluster.instances.map((instance) => instance.base).join(', ')}, and the worker. Ctrl-C stops it.`,
    );
  } catch (error) {
    if (stopping) return;
    console.error(error instanceof Error ? error.message : error);
    await shutDown();
    process.exit(1);
  }
}

void main();
