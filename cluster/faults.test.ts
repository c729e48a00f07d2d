// Acknowledged means stored (issue 14, a Jepsen-style set test): 30 writers post
// through nginx for 3 minutes while PostgreSQL is stopped twice (`pg_ctl stop -m
// fast`, then `-m immediate`: a crash, recovered on start) and one instance is
// killed with SIGKILL and started again. Afterwards every comment that got a
// success answer is in the database exactly once; every other answer was a 503
// with Retry-After, within 10 s; the cluster serves again within 5 s of
// PostgreSQL's return; and a reader's composer keeps the text of a post that
// failed, whose retry with the same idempotency key posts it once. Its counts
// go to bench/results/cluster-fault-latest.json (or PARLEY_FAULT_COUNTS_FILE),
// passed or failed, for the bench report (bench/cluster-fault-counts.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { chromium } from '@playwright/test';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { chromiumPath, cookieFor } from '../bench/browser';
import { writeFaultCounts } from '../bench/cluster-fault-counts';
import { DATABASE_UNAVAILABLE_MESSAGE } from '@/lib/errors';
import { startTestCluster, sleep, type TestCluster } from './harness';
import { clientAddress, get } from './http';
import { capturePoster, type PostOutcome } from './posting';

const WRITERS = 30;
/**
 * Each writer posts every 3 s at most (10 posts/s from all of them: a load
 * that one instance alone still carries on two cores while the other is down,
 * not an overload), taking turns with its accounts, each of which may post
 * once per 10 s (lib/comments/comment-rate-limits.ts).
 */
const WRITER_INTERVAL_MS = 3_000;
const ACCOUNTS_PER_WRITER = 4;
const RUN_SECONDS = Number(process.env.PARLEY_FAULT_RUN_SECONDS ?? 180);
const HANG_MS = 10_000;
const RECOVERY_MS = 5_000;

let tc: TestCluster;

beforeAll(async () => {
  tc = await startTestCluster();
});

afterAll(async () => {
  await tc?.stop();
});

type Violation = { at: number; what: string };

test(
  `acknowledged means stored: ${WRITERS} writers through nginx for ${RUN_SECONDS} s while PostgreSQL stops twice (fast, immediate) and an instance is killed`,
  async () => {
    const nginx = tc.cluster.url.replace('localhost', '127.0.0.1');
    const runId = randomBytes(3).toString('hex');
    const [capturer, composerUser, prober] = await tc.createUsers(3);
    const poster = await capturePoster({ base: nginx, secret: tc.secret, databaseUrl: tc.databaseUrl, slug: tc.article.slug }, capturer!);
    const writerAccounts = await tc.createUsers(WRITERS * ACCOUNTS_PER_WRITER);
    // Both instances have served a post and the signed-in page once: what is measured is not their first request.
    const warmers = await tc.createUsers(tc.cluster.instances.length);
    for (const [i, instance] of tc.cluster.instances.entries()) {
      const warm = await poster.post({
        base: instance.base,
        cookie: warmers[i]!.cookie,
        text: `Warm-up ${runId} ${i}`,
        idempotencyKey: randomUUID(),
        timeoutMs: 60_000,
      });
      expect(warm.postedId, warm.refusal ?? warm.error).toBeTruthy();
      expect((await get(`${instance.base}${tc.article.path}`, { cookie: warmers[i]!.cookie, timeoutMs: 60_000 })).status).toBe(200);
    }

    const t0 = performance.now();
    const now = () => performance.now() - t0;
    const violations: Violation[] = [];
    const statuses = new Map<string, number>();
    const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
    let maxLatency = 0;
    let served500 = 0;
    const sent = new Map<string, string>(); // marker -> idempotency key
    const acknowledged = new Map<string, string>(); // marker -> posted id
    let stopWriting = false;
    const outages: { kind: string; stoppedAt: number; backAt?: number }[] = [];
    const acksAt: number[] = [];
    const unavailableAt: number[] = [];

    /** Per 10 s of the run: acknowledged posts, 503s, and violations. */
    const timeline = new Map<number, { acks: number; unavailable: number; violations: number }>();
    const tally = (kind: 'acks' | 'unavailable' | 'violations') => {
      const bucket = Math.floor(now() / 10_000) * 10;
      const entry = timeline.get(bucket) ?? { acks: 0, unavailable: 0, violations: 0 };
      entry[kind]++;
      timeline.set(bucket, entry);
    };
    /** When app1 was killed: a request it was answering at that moment is cut (nginx has begun its answer), which is no violation. */
    let killedAt = Infinity;

    /** Every answer: an acknowledgement, or 503 with Retry-After, within 10 s. Anything else is a violation. */
    const judge = (outcome: PostOutcome | { status: number; retryAfter?: string; ms: number; error?: string; ok: boolean }, what: string) => {
      maxLatency = Math.max(maxLatency, outcome.ms);
      if (outcome.status === 500) served500++;
      const ok = 'ok' in outcome ? outcome.ok : Boolean(outcome.postedId);
      if (ok) {
        tally('acks');
        return count(`${what}: ${outcome.status}`);
      }
      if (outcome.status === 0 && outcome.ms < HANG_MS && now() - outcome.ms <= killedAt && killedAt <= now()) return count(`${what}: cut by the SIGKILL`);
      if (outcome.status === 503 && outcome.retryAfter) {
        unavailableAt.push(now());
        tally('unavailable');
        return count(`${what}: 503 + Retry-After`);
      }
      count(`${what}: ${outcome.status || 'no answer'}`);
      const detail = outcome.error ?? ('refusal' in outcome ? outcome.refusal : undefined) ?? `Retry-After ${outcome.retryAfter ?? 'missing'}`;
      violations.push({ at: now(), what: `${what}: ${outcome.status || 'no answer'} after ${outcome.ms.toFixed(0)} ms (${detail})` });
      tally('violations');
    };

    const writer = async (w: number) => {
      const accounts = writerAccounts.slice(w * ACCOUNTS_PER_WRITER, (w + 1) * ACCOUNTS_PER_WRITER).map((user) => ({ user, readyAt: 0 }));
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      // Spread over the first interval, so the writers do not move in step.
      let nextPostAt = (w * WRITER_INTERVAL_MS) / WRITERS;
      for (let n = 0; !stopWriting; n++) {
        accounts.sort((a, b) => a.readyAt - b.readyAt);
        const account = accounts[0]!;
        await sleep(Math.max(account.readyAt, nextPostAt) - now());
        nextPostAt = now() + WRITER_INTERVAL_MS;
        if (stopWriting) break;
        const marker = `[jepsen:${runId}-${w}-${n}]`;
        const idempotencyKey = randomUUID();
        sent.set(marker, idempotencyKey);
        const text = `Jepsen set test ${marker}: writer ${w + 1} posts through nginx while the database and an instance fail.`;
        // The same post, with the same key, until it is acknowledged: what a reader's retry does.
        for (let attempt = 0; ; attempt++) {
          const outcome = await poster.post({
            base: nginx,
            cookie: account.user.cookie,
            text,
            idempotencyKey,
            localAddress: clientAddress(10, w),
            timeoutMs: HANG_MS,
            agent,
          });
          judge(outcome, 'post');
          if (outcome.postedId) {
            acknowledged.set(marker, outcome.postedId);
            acksAt.push(now());
            break;
          }
          if (outcome.refusal && outcome.status === 200) break; // a refusal is final (and already a violation)
          if (stopWriting && attempt > 0) break;
          // After a 503, sooner than Retry-After says, so that recovery is measured to the second;
          // after no answer, later: the post may still be in progress.
          await sleep(outcome.status === 503 ? 1_000 : 5_000);
        }
        account.readyAt = now() + 10_500;
      }
      agent.destroy();
    };

    // A signed-in reader through nginx every 500 ms: pages need the database too.
    const probeAnswers: { at: number; status: number }[] = [];
    const probe = async () => {
      while (!stopWriting) {
        const answer = await get(`${nginx}${tc.article.path}`, { cookie: prober!.cookie, localAddress: clientAddress(11, 1), timeoutMs: HANG_MS });
        judge({ ...answer, retryAfter: header(answer.headers['retry-after']), ok: answer.status === 200 }, 'signed-in page');
        probeAnswers.push({ at: now(), status: answer.status });
        await sleep(500);
      }
    };

    // The composer in Chromium: open before the first outage, posted during it, again after.
    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext();
    await context.addCookies([cookieFor(nginx, composerUser!.cookie)]);
    const page = await context.newPage();
    await page.goto(`${nginx}${tc.article.path}`);
    const composerText = `Posted from the composer across an outage ${runId}`;
    const textarea = page.locator('#comment-form textarea[name="body"]');
    await textarea.fill(composerText);
    const composerKey = await page.locator('#comment-form input[name="idempotencyKey"]').inputValue();
    const composerPost = async () => {
      const answered = page.waitForResponse((response) => response.request().method() === 'POST', { timeout: 30_000 });
      await page.getByRole('button', { name: 'Post comment' }).click();
      const response = await answered;
      return { status: response.status(), retryAfter: response.headers()['retry-after'] };
    };
    const composer: Record<string, unknown> = {};

    const stopPostgres = async (mode: 'fast' | 'immediate') => {
      const outage: (typeof outages)[number] = { kind: `pg_ctl stop -m ${mode}`, stoppedAt: now() };
      outages.push(outage);
      await tc.postgres.stop(mode);
      return outage;
    };
    const startPostgres = async (outage: (typeof outages)[number]) => {
      await tc.postgres.start();
      outage.backAt = now();
    };

    const faults = async () => {
      await sleep(25_000 - now());
      const first = await stopPostgres('fast');
      // During the outage: the composer's post fails, and says so, with the text kept.
      await sleep(2_000);
      Object.assign(composer, { duringOutage: await composerPost() });
      await page.getByRole('alert').filter({ hasText: DATABASE_UNAVAILABLE_MESSAGE }).waitFor({ state: 'visible', timeout: 10_000 });
      composer.textKept = (await textarea.inputValue()) === composerText;
      composer.keyKept = (await page.locator('#comment-form input[name="idempotencyKey"]').inputValue()) === composerKey;
      await sleep(first.stoppedAt + 10_000 - now());
      await startPostgres(first);
      // Back: the same form, posted again, posts it (once).
      await sleep(RECOVERY_MS);
      Object.assign(composer, { afterOutage: await composerPost() });
      await page.getByRole('status').filter({ hasText: 'Your comment is posted.' }).waitFor({ state: 'visible', timeout: 10_000 });

      await sleep(75_000 - now());
      const app1 = tc.cluster.instances[0]!;
      killedAt = now();
      await app1.kill();
      await sleep(10_000);
      await app1.start();
      composer.instanceKilled = { at: Math.round(killedAt / 1000), readyAgainAfterMs: Math.round(now() - killedAt) };

      await sleep(120_000 - now());
      const second = await stopPostgres('immediate');
      await sleep(10_000);
      await startPostgres(second);
    };

    const workers = [...Array.from({ length: WRITERS }, (_, w) => writer(w)), probe()];
    await faults();
    await sleep(RUN_SECONDS * 1000 - now());
    stopWriting = true;
    await Promise.all(workers);
    await browser.close();

    // The database's word.
    const { rows } = await tc.pool.query<{ id: string; marker: string; status: string }>(
      `SELECT id, substring(body from '\\[jepsen:[^\\]]+\\]') AS marker, status::text AS status FROM "Comment" WHERE body LIKE $1`,
      [`%[jepsen:${runId}-%`],
    );
    const byMarker = new Map<string, string[]>();
    for (const row of rows) byMarker.set(row.marker, [...(byMarker.get(row.marker) ?? []), row.id]);
    const lost = [...acknowledged].filter(([marker, id]) => !byMarker.get(marker)?.includes(id));
    const duplicated = [...byMarker].filter(([, ids]) => ids.length > 1);
    const unacknowledgedStored = [...byMarker.keys()].filter((marker) => !acknowledged.has(marker)).length;
    const composerRows = await tc.pool.query<{ id: string }>(`SELECT id FROM "Comment" WHERE body = $1`, [composerText]);
    // The same key once more, over HTTP: answered with the comment it already made.
    const replay = await poster.post({ base: nginx, cookie: composerUser!.cookie, text: composerText, idempotencyKey: composerKey });
    const composerRowsAfterReplay = await tc.pool.query<{ id: string }>(`SELECT id FROM "Comment" WHERE body = $1`, [composerText]);

    const recovery = outages.map((outage) => {
      const backAt = outage.backAt ?? Infinity;
      const firstAck = acksAt.find((at) => at >= backAt);
      const firstPage = probeAnswers.find((answer) => answer.at >= backAt && answer.status === 200)?.at;
      return {
        ...outage,
        firstAckAfterMs: firstAck === undefined ? Infinity : firstAck - backAt,
        firstPageAfterMs: firstPage === undefined ? Infinity : firstPage - backAt,
      };
    });
    const served503 = [...statuses].filter(([key]) => key.endsWith('503 + Retry-After')).reduce((sum, [, n]) => sum + n, 0);
    const inOutage = (at: number) => outages.some((outage) => at >= outage.stoppedAt && at <= (outage.backAt ?? Infinity) + RECOVERY_MS);
    const report = {
      writers: WRITERS,
      seconds: RUN_SECONDS,
      posts: sent.size,
      acknowledged: acknowledged.size,
      stored: rows.length,
      lost: lost.length,
      duplicated: duplicated.length,
      unacknowledgedStored,
      served503,
      served503OutsideOutages: unavailableAt.filter((at) => !inOutage(at)).length,
      statuses: Object.fromEntries(statuses),
      maxLatencyMs: Math.round(maxLatency),
      recovery: recovery.map((r) => ({
        kind: r.kind,
        downMs: Math.round((r.backAt ?? NaN) - r.stoppedAt),
        firstAckAfterMs: Math.round(r.firstAckAfterMs),
        firstSignedInPageAfterMs: Math.round(r.firstPageAfterMs),
      })),
      composer: {
        ...composer,
        rows: composerRows.rowCount,
        replay: replay.postedId === composerRows.rows[0]?.id ? 'same comment' : replay,
        rowsAfterReplay: composerRowsAfterReplay.rowCount,
      },
      violations: violations.length,
      timeline: Object.fromEntries([...timeline].map(([at, entry]) => [`${at}s`, `${entry.acks} acks, ${entry.unavailable} 503, ${entry.violations} violations`])),
    };
    console.log(`Fault run: ${JSON.stringify(report, null, 2)}`);
    if (violations.length)
      console.log(
        `First violations:\n${violations
          .slice(0, 20)
          .map((v) => `  ${(v.at / 1000).toFixed(1)} s  ${v.what}`)
          .join('\n')}`,
      );

    let failure: string | undefined;
    try {
      expect(
        lost.map(([marker]) => marker),
        'acknowledged but not stored',
      ).toEqual([]);
      expect(
        duplicated.map(([marker]) => marker),
        'stored more than once',
      ).toEqual([]);
      expect(violations.slice(0, 20), `answers other than an acknowledgement or a 503 with Retry-After within ${HANG_MS} ms (first 20)`).toEqual([]);
      expect(maxLatency, 'the slowest answer (ms)').toBeLessThan(HANG_MS);
      expect(acknowledged.size, 'posts acknowledged').toBeGreaterThan(RUN_SECONDS * 5);
      expect(served503, '503s with Retry-After').toBeGreaterThan(0);
      for (const r of recovery) {
        expect(r.firstAckAfterMs, `${r.kind}: first acknowledged post after PostgreSQL's return`).toBeLessThanOrEqual(RECOVERY_MS);
        expect(r.firstPageAfterMs, `${r.kind}: first signed-in page after PostgreSQL's return`).toBeLessThanOrEqual(RECOVERY_MS);
      }
      expect(composer.duringOutage).toMatchObject({ status: 503, retryAfter: expect.any(String) });
      expect(composer.textKept).toBe(true);
      expect(composer.keyKept).toBe(true);
      expect(composer.afterOutage).toMatchObject({ status: 200 });
      expect(composerRows.rowCount).toBe(1);
      expect(replay.postedId).toBe(composerRows.rows[0]?.id);
      expect(composerRowsAfterReplay.rowCount).toBe(1);
    } catch (error) {
      failure = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      throw error;
    } finally {
      const file = await writeFaultCounts({
        outcome: failure === undefined ? 'passed' : 'failed',
        failure,
        writers: WRITERS,
        seconds: RUN_SECONDS,
        posts: report.posts,
        acknowledged: report.acknowledged,
        stored: report.stored,
        lost: report.lost,
        duplicated: report.duplicated,
        unacknowledgedStored,
        served503WithRetryAfter: served503,
        served500,
        violations: violations.length,
        maxLatencyMs: report.maxLatencyMs,
        recovery: report.recovery.map((r) => ({
          kind: r.kind,
          downMs: finiteOrNull(r.downMs),
          firstAckAfterMs: finiteOrNull(r.firstAckAfterMs),
          firstSignedInPageAfterMs: finiteOrNull(r.firstSignedInPageAfterMs),
        })),
        statuses: report.statuses,
      });
      console.log(`Fault run counts written to ${file}.`);
    }
  },
  (RUN_SECONDS + 240) * 1000,
);

/** Infinity and NaN (no recovery seen) as JSON can hold them. */
function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
