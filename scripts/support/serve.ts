// What `npm start`, `npm run dev` and `npm run cluster` share: find or start
// PostgreSQL, migrate, seed, build when needed; `serve` then runs one Next.js
// server until it exits or we are asked to stop (scripts/cluster.ts runs several).
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DemoAccount } from '@/lib/auth/seed-demo-accounts';
import { startMailCatcher, type MailCatcher } from '@/lib/email/mail-catcher';
import { resolveDatabase, type ResolvedDatabase } from '../db/local-postgres';
import { applyMigrations } from '../db/schema-engine';
import { buildNeeded, clearDataCache, sourceHash, writeBuildStamp } from './build-stamp';
import { cli, nextBuildArgs, onShutdownSignal, type Spawned, spawnNode, spawnServer, stopChild } from './processes';

const embeddedDataDir = '.data/postgres';
/** Where the embedded default's mail catcher keeps what it caught (git-ignored, kept across restarts). */
const mailboxDir = '.data/mailbox';

/**
 * The embedded database's session secret: generated on first start and kept
 * beside its data (git-ignored), so sessions survive restarts.
 */
async function embeddedSessionSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'nextauth-secret');
  const existing = await readFile(file, 'utf8').then(
    (text) => text.trim(),
    () => '',
  );
  if (existing.length >= 32) return existing;
  const secret = randomBytes(32).toString('base64');
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export type AppSetup = {
  database: ResolvedDatabase;
  /** The environment every process of the app runs with (server, worker). */
  env: NodeJS.ProcessEnv;
  demoAccounts: DemoAccount[];
  catcher: MailCatcher | undefined;
  /** Stops the mail catcher and the embedded database (if this process started them). */
  stop(): Promise<void>;
};

/**
 * PostgreSQL (DATABASE_URL's, or the embedded one), migrated, with the job
 * queues and the articles of content/articles; with the embedded one also the
 * demo accounts, a kept session secret and a local mail catcher. `port` is the
 * one readers use (for the links printed and the app's PORT).
 */
export async function setUpApp(port: string, baseEnv: NodeJS.ProcessEnv): Promise<AppSetup> {
  const database = await resolveDatabase({ dataDir: embeddedDataDir, databaseName: 'parley' });
  let catcher: MailCatcher | undefined;
  const stop = async () => {
    await catcher?.stop();
    await database.stop();
  };
  try {
    const url = database.url;
    const applied = await applyMigrations(url);
    console.log(applied.length ? `Migrations applied: ${applied.join(', ')}` : 'Database schema is up to date.');

    // lib/db.ts reads DATABASE_URL (through lib/env.ts) when it is first
    // imported, so set it before importing anything from lib/.
    process.env.DATABASE_URL = url;
    const { installRegisteredJobQueues } = await import('@/lib/jobs/install-registered-queues');
    await installRegisteredJobQueues(url);
    const { seedArticles } = await import('@/lib/articles/seed-articles');
    const { db } = await import('@/lib/db');
    const { stopTagExpiry } = await import('@/lib/cache/tag-expiry.mjs');
    let embeddedSecret: string | undefined;
    let demoAccounts: DemoAccount[] = [];
    try {
      const seeded = await seedArticles();
      const changed = seeded.filter((result) => result.outcome !== 'unchanged');
      console.log(`Articles: ${seeded.length} in content/articles, ${changed.length ? changed.map((r) => `${r.outcome} ${r.slug}`).join(', ') : 'all unchanged'}.`);
      if (database.embedded) {
        embeddedSecret = await embeddedSessionSecret(embeddedDataDir);
        const { seedDemoAccounts } = await import('@/lib/auth/seed-demo-accounts');
        demoAccounts = await seedDemoAccounts(embeddedDataDir);
      }
    } finally {
      await Promise.all([db.$disconnect(), stopTagExpiry()]);
    }

    // The embedded default has nowhere to send mail: catch it locally and show
    // it at /dev/mailbox, so verification and reset links work on the first run.
    let mailbox: Record<string, string> = {};
    if (database.embedded && !baseEnv.SMTP_URL?.trim()) {
      const dir = path.resolve(mailboxDir);
      catcher = await startMailCatcher({ dir });
      mailbox = { SMTP_URL: catcher.url, PARLEY_MAILBOX_DIR: dir };
    }

    const env: NodeJS.ProcessEnv = {
      ...baseEnv,
      ...mailbox,
      DATABASE_URL: url,
      PORT: port,
      NEXT_TELEMETRY_DISABLED: '1',
      // lib/env.ts relaxes production-only requirements (a configured session
      // secret) for the throwaway local database.
      ...(database.embedded ? { PARLEY_EMBEDDED_DB: '1', NEXTAUTH_SECRET: baseEnv.NEXTAUTH_SECRET || embeddedSecret } : {}),
    };
    return { database, env, demoAccounts, catcher, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** `next build`, unless the build in .next was made from the same sources; `onChild` gets the build process (to stop it on Ctrl-C). */
export async function buildIfNeeded(env: NodeJS.ProcessEnv, onChild: (child: Spawned) => void): Promise<void> {
  const hash = await sourceHash();
  const reason = await buildNeeded(hash);
  if (!reason) {
    console.log('Production build is current; skipping next build.');
    return;
  }
  console.log(`Building the app (${reason})...`);
  const build = spawnNode(cli.next(), nextBuildArgs, env);
  onChild(build);
  const code = await build.exited;
  if (code !== 0) throw new Error(`next build failed (exit code ${code}).`);
  await writeBuildStamp(hash);
}

/** The demo accounts and where mail goes, printed last so the build's output does not scroll them away. */
export function printAccess(setup: AppSetup, siteUrl: string) {
  if (setup.demoAccounts.length) {
    console.log('\nDemo accounts (embedded database only; passwords kept in .data/postgres/demo-accounts.json):');
    for (const account of setup.demoAccounts) console.log(`  ${account.role.toLowerCase().padEnd(9)} ${account.email.padEnd(32)} ${account.password}`);
    console.log('');
  }
  if (setup.catcher) {
    console.log(
      `Email: no SMTP_URL, so mail goes to a local catcher (${setup.catcher.url}). Read it at ${siteUrl}/dev/mailbox (signed in as an admin) or in ${mailboxDir}/*.eml.\n`,
    );
  }
}

export async function serve(mode: 'start' | 'dev') {
  const port = process.env.PORT?.trim() || '3000';
  // lib/ modules may add to process.env when imported; Next.js gets the environment we were given.
  const baseEnv: NodeJS.ProcessEnv = { ...process.env };
  let setup: AppSetup | undefined;
  let current: Spawned | undefined;
  let stopping = false;

  // Ctrl-C reaches next and the embedded postgres too (same process group), so
  // both may already be on their way down; we still wait for next first, then
  // the database, so that no request is cut off by a vanishing database.
  onShutdownSignal(async (signal) => {
    stopping = true;
    if (current) await stopChild(current, signal);
    await setup?.stop();
    return 0;
  });

  try {
    setup = await setUpApp(port, baseEnv);
    if (mode === 'start') await buildIfNeeded(setup.env, (child) => (current = child));
    printAccess(setup, `http://localhost:${port}`);
    await clearDataCache();
    current = spawnServer([...(mode === 'dev' ? ['--dev'] : []), '--port', port], setup.env);
    const code = await current.exited;
    if (stopping) return; // the signal handler finishes the shutdown
    // Next.js stopped by itself (crash, port in use): take the database down too.
    console.log(`The server exited with code ${code}.`);
    await setup.stop();
    process.exit(code);
  } catch (error) {
    if (stopping) return;
    console.error(error instanceof Error ? error.message : error);
    await setup?.stop();
    process.exit(1);
  }
}
