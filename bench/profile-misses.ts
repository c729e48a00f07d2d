// Which scenarios to profile (profile.ts): those behind a missed throughput or
// latency target. A smoke run profiles the anonymous and the signed-in
// article page briefly whatever it measured, so this path keeps working.
import type { Fixture } from './fixture';
import type { App } from './http';
import { type LoadTarget, runLoad } from './load';
import type { BenchOptions } from './options';
import { type ProfileFigures, profileServer } from './profile';
import type { BenchResult } from './result';
import { articlePageTarget } from './scenarios/article-page';
import { commentsApiPath, commentsApiTarget } from './scenarios/comments-api';
import { measurePosting, type PostingTemplate, type prepareAccounts } from './scenarios/posting';
import { signedInTarget } from './scenarios/signed-in-page';

type Context = {
  databaseUrl: string;
  secret: string;
  fixture: Fixture;
  template: PostingTemplate;
  accounts: Awaited<ReturnType<typeof prepareAccounts>>;
  /** The signed-in readers' session cookies (scenario 8); the profiled server shares the secret they were minted with. */
  cookies: string[];
  options: BenchOptions;
  log: (message: string) => void;
};

export async function profileMisses(result: BenchResult, context: Context): Promise<ProfileFigures[]> {
  const { options, fixture, log } = context;
  const missed = (...keys: string[]) => result.targets.some((t) => keys.includes(t.key) && t.met === false);
  const seconds = Math.max(2, Math.round(options.pageSeconds / 2));
  const load = (targetOf: (base: string) => LoadTarget) => async (app: App, mark: () => void) => {
    const target = targetOf(app.base);
    await runLoad('profile warm-up', target, { connections: options.connections, seconds: options.warmupSeconds, warmupSeconds: 0, watched: app });
    mark();
    await runLoad('profile', target, { connections: options.connections, seconds, warmupSeconds: 0, watched: app });
  };
  const plans: { scenario: string; drive: Parameters<typeof profileServer>[3] }[] = [];
  if (options.smoke || missed('page-rps', 'page-p99')) {
    plans.push({
      scenario: `1. article page (${fixture.large.label}), ${options.connections} connections`,
      drive: load((base) => articlePageTarget(base, fixture.large.slug)),
    });
  }
  if (options.smoke || missed('signed-in-rps', 'signed-in-p99')) {
    plans.push({
      scenario: `8. article page, signed in (${fixture.large.label}, ${context.cookies.length} readers), ${options.connections} connections`,
      drive: load((base) => signedInTarget(base, fixture.large.slug, context.cookies)),
    });
  }
  if (!options.smoke && missed('api-p99')) {
    plans.push({
      scenario: `3. comments API first page (${fixture.large.label}), ${options.connections} connections`,
      drive: load((base) => commentsApiTarget(base, commentsApiPath(fixture.large.slug))),
    });
  }
  if (!options.smoke && missed('post-p99')) {
    plans.push({
      scenario: `5. posting, ${options.writers} writers, then ${options.pacedRate} comments/s`,
      // measurePosting warms up first; its warm-up falls inside the window.
      drive: async (app, mark) => {
        mark();
        await measurePosting(app, context.databaseUrl, fixture, context.template, context.accounts, {
          options: { ...options, postSeconds: seconds },
          round: 99,
          log,
        });
      },
    });
  }
  const profiles: ProfileFigures[] = [];
  for (const plan of plans) {
    log(`Profiling the server under the load of ${plan.scenario}...`);
    profiles.push(await profileServer(context.databaseUrl, context.secret, plan.scenario, plan.drive, log));
  }
  return profiles;
}
