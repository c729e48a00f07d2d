// npm test: formatting, typecheck, lint, unit + integration tests (vitest), then end-to-end tests
// (Playwright) against a production build. Each run gets its own databases on
// the PostgreSQL in DATABASE_URL (or an embedded one in .data/test-postgres),
// which are dropped afterwards, also on failure and on Ctrl-C.
//   npm test
//   npm run test:unit [-- vitest args]     npm run test:e2e [-- playwright args]
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { resolveDatabase, type ResolvedDatabase, withDatabaseName } from './db/local-postgres';
import { applyMigrations } from './db/schema-engine';
import { startMailCatcher, type MailCatcher } from '@/lib/email/mail-catcher';
import { clearBuildStamp, clearDataCache } from './support/build-stamp';
import { cli, nextBuildArgs, onShutdownSignal, type Spawned, spawnNode, stopChild } from './support/processes';

const onlyArg = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
if (onlyArg !== undefined && onlyArg !== 'unit' && onlyArg !== 'e2e') {
  console.error(`Unknown --only=${onlyArg}: use --only=unit or --only=e2e.`);
  process.exit(2);
}
const passThrough = process.argv.slice(2).filter((arg) => !arg.startsWith('--only='));
const runUnit = onlyArg !== 'e2e';
const runE2e = onlyArg !== 'unit';
// Snapshot before anything could change process.env: children get exactly this plus what each step adds.
const baseEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

const results: { step: string; ok: boolean; seconds: number; note?: string }[] = [];
let server: ResolvedDatabase | undefined;
const databases: string[] = [];
let current: Spawned | undefined;
let stopping = false;
/** The end-to-end app's mail goes here (e2e/mailbox.ts reads it). */
let mailCatcher: { catcher: MailCatcher; dir: string } | undefined;

async function step(name: string, run: () => Promise<boolean | number>): Promise<boolean> {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  let ok = false;
  let note: string | undefined;
  try {
    const outcome = await run();
    ok = outcome === true || outcome === 0;
    if (typeof outcome === 'number' && outcome !== 0) note = `exit code ${outcome}`;
  } catch (error) {
    note = error instanceof Error ? error.message : String(error);
    if (!stopping) console.error(note);
  }
  results.push({ step: name, ok, seconds: (Date.now() - started) / 1000, note });
  return ok;
}

function runNode(entry: string, args: string[], env: NodeJS.ProcessEnv) {
  current = spawnNode(entry, args, env);
  return current.exited;
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  if (!server) throw new Error('no database server');
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function createDatabase(name: string): Promise<string> {
  await admin((client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  databases.push(name);
  const url = withDatabaseName(server!.url, name);
  const applied = await applyMigrations(url);
  // lib/ modules read DATABASE_URL when first imported; any valid one will do here.
  process.env.DATABASE_URL ??= url;
  const { installRegisteredJobQueues } = await import('@/lib/jobs/install-registered-queues');
  await installRegisteredJobQueues(url);
  console.log(`Created ${name}, applied ${applied.length} migration(s) and made the job queues.`);
  return url;
}

async function cleanup() {
  if (mailCatcher) {
    const { catcher, dir } = mailCatcher;
    mailCatcher = undefined;
    await catcher.stop();
    await rm(dir, { recursive: true, force: true });
  }
  if (server && databases.length) {
    const names = databases.splice(0);
    await admin(async (client) => {
      for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
    }).then(
      () => console.log(`Dropped ${names.join(', ')}.`),
      (error: unknown) => console.error(`Could not drop ${names.join(', ')}: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
  await server?.stop();
}

function report(): number {
  console.log('\n=== Summary ===');
  for (const { step: name, ok, seconds, note } of results) {
    console.log(`${ok ? 'PASS' : 'FAIL'}  ${name.padEnd(34)} ${seconds.toFixed(1).padStart(6)} s${note ? `  (${note.split('\n')[0]})` : ''}`);
  }
  const failed = results.filter((result) => !result.ok).length;
  console.log(failed ? `${failed} step(s) failed.` : 'All steps passed.');
  return failed ? 1 : 0;
}

onShutdownSignal(async (signal) => {
  stopping = true;
  if (current) await stopChild(current, signal);
  await cleanup();
  report();
  return 130;
});

async function main() {
  if (!onlyArg) {
    await step('Formatting (prettier --check)', () => runNode(cli.prettier(), ['--check', '.'], baseEnv));
    await step('Typecheck (tsc --noEmit)', () => runNode(cli.tsc(), ['--noEmit'], baseEnv));
    // Warnings fail too: a rule worth a warning is worth fixing or a disable comment with a reason.
    await step('Lint (eslint)', () => runNode(cli.eslint(), ['.', '--max-warnings=0'], baseEnv));
  }

  const ready = await step('Test databases', async () => {
    server = await resolveDatabase({ dataDir: '.data/test-postgres', databaseName: 'postgres', defaultPort: 54330 });
    return true;
  });
  if (!ready) return;

  const runId = `parley_test_${randomBytes(4).toString('hex')}`;

  if (runUnit && !stopping) {
    let url = '';
    if (await step('Integration database', async () => Boolean((url = await createDatabase(runId))))) {
      await step('Unit and integration tests (vitest)', () =>
        runNode(cli.vitest(), ['run', ...(onlyArg === 'unit' ? passThrough : [])], { ...baseEnv, DATABASE_URL: url }),
      );
    }
  }

  if (runE2e && !stopping) {
    let url = '';
    const e2eEnv = () => ({
      ...baseEnv,
      DATABASE_URL: url,
      // Production mode with your own database requires a session secret.
      NEXTAUTH_SECRET: baseEnv.NEXTAUTH_SECRET || randomBytes(32).toString('base64'),
    });
    const prepared =
      (await step('End-to-end database (migrate + seed)', async () => {
        url = await createDatabase(`${runId}_e2e`);
        return runNode(cli.tsx(), ['--conditions=react-server', path.join('scripts', 'seed.ts')], e2eEnv());
      })) && !stopping;
    const built =
      prepared &&
      (await step('Production build (next build)', async () => {
        // This build is made for the test database: make `npm start` rebuild for its own.
        await clearBuildStamp();
        return runNode(cli.next(), nextBuildArgs, e2eEnv());
      })) &&
      !stopping;
    if (built) {
      const dir = await mkdtemp(path.join(tmpdir(), 'parley-e2e-mail-'));
      mailCatcher = { catcher: await startMailCatcher({ dir }), dir };
      // playwright.config.ts hands SMTP_URL and the folder on to the app (as its mailbox) and to the tests.
      const env = { ...e2eEnv(), SMTP_URL: mailCatcher.catcher.url, PARLEY_E2E_MAILBOX_DIR: dir };
      await clearDataCache();
      await step('End-to-end tests (Playwright)', () => runNode(cli.playwright(), ['test', ...(onlyArg === 'e2e' ? passThrough : [])], env));
    }
  }
}

void main()
  .catch((error: unknown) => {
    results.push({ step: 'test runner', ok: false, seconds: 0, note: error instanceof Error ? error.message : String(error) });
  })
  .then(async () => {
    if (stopping) return; // the signal handler cleans up and exits
    await cleanup();
    process.exit(report());
  });
