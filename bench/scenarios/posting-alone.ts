// `npm run bench -- --only=posting`: scenario 5 alone (the closed loop and the
// steady rate), then a CPU profile of a second server under the same writers,
// for working on what a post costs (issue 14). PARLEY_BENCH_PROFILE_DIR keeps
// the .cpuprofile (open it in Chrome's DevTools, Performance tab).
import type { Fixture } from '../fixture';
import type { App } from '../http';
import type { BenchOptions } from '../options';
import { profileServer } from '../profile';
import { postingThroughputTarget } from '../report/targets';
import type { TargetRow } from '../result';
import { type Account, measurePosting, type PostingTemplate } from './posting';

export async function measurePostingAlone(
  app: App,
  databaseUrl: string,
  fixture: Fixture,
  template: PostingTemplate,
  accounts: Account[],
  { options, log }: { options: BenchOptions; log: (message: string) => void },
): Promise<TargetRow[]> {
  const posting = await measurePosting(app, databaseUrl, fixture, template, accounts, { options, round: 1, log });
  const profile = await profileServer(
    databaseUrl,
    app.secret,
    `5. posting, ${options.writers} writers`,
    async (profiled, mark) => {
      mark();
      await measurePosting(profiled, databaseUrl, fixture, template, accounts, { options, round: 2, log });
    },
    log,
    { keepDir: process.env.PARLEY_BENCH_PROFILE_DIR },
  );
  for (const entry of profile.top) log(`  ${(100 * entry.share).toFixed(1).padStart(5)}%  ${entry.name}  ${entry.where}  (${entry.group})`);
  return [postingThroughputTarget([posting], options.writers)];
}
