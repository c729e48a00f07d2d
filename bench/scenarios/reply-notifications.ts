// Scenario 10: what a reply's notification costs its writer (issue 13: "posting
// a reply that notifies costs the same p50 (±10%) as one that does not, at the
// steady 20/s rate"). The composer's captured request, with a replyToId added,
// replies to top-level comments of the posting article, alternately:
//   notifying: the parent's author wants replies in the app and by email at
//     once (a verified address): the posting transaction writes the
//     Notification row, its pg_notify and the email job;
//   silent: the parent's author turned every notification off: the same
//     INSERT … SELECT runs and writes nothing.
// Everything else is the same for both: established writers from the pool, the
// same bodies, parents by distinct readers (so no reply waits on another's
// row lock more than the other group's), the root's reply count updated. One
// reply is due every 1/rate s (open loop, each timed from when it was due), so
// both kinds see the same load. Afterwards the database must hold exactly one
// notification and one email job per notifying reply, none for the others.
// The worker is off in the bench (http.ts): sending is never on the request
// path, and what is measured is what the writer waits for.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { JOB_SCHEMA } from '@/lib/jobs/job-queue';
import type { Fixture } from '../fixture';
import type { App } from '../http';
import { monitor, type Usage } from '../monitor';
import type { BenchOptions } from '../options';
import { sleep, type Summary, summarize } from '../stats';
import { type Account, type PostingTemplate, postedIdPattern, postingBody, refusalOf, releaseAccount, retarget, send, takeAccount } from './posting';

export type ReplyKind = 'notifying' | 'silent';

export type ReplyGroupFigures = {
  parents: number;
  sent: number;
  acknowledged: number;
  latency: Summary;
  refused: Record<string, number>;
  errors: number;
  /** In the database afterwards, for this group's acknowledged replies. */
  stored: number;
  wrongParent: number;
  notifications: number;
  emailJobs: number;
};

export type ReplyNotificationFigures = {
  rate: number;
  /** Seconds over which the measured replies were due. */
  seconds: number;
  warmupReplies: number;
  notifying: ReplyGroupFigures;
  silent: ReplyGroupFigures;
  /** notifying p50 / silent p50: what the target judges. */
  p50Ratio: number;
  /**
   * Median of (notifying − silent) over the pairs due one after the other (1/rate s apart), both
   * acknowledged: the same comparison with the machine's slower and faster moments paired off.
   */
  pairedDeltaMs: Summary;
  usage: Usage;
  /** Exactly one notification and one email job per notifying reply; none for a silent one; every reply stored under its parent. */
  checkOk: boolean;
};

/** notificationEmailJob's queue (lib/notifications/notification-email-job.ts; importing it would open the app's database client here). */
const EMAIL_JOB = 'notification-email';

/**
 * The composer's captured body with one more field, `replyToId`: a JSON
 * member (the composer's script posts JSON to /api/comments), or a multipart
 * part next to its `articleId`, with the same field prefix (the form's action).
 */
export function asReply(template: PostingTemplate, parentId: string): string {
  if (/^application\/json/i.test(template.headers['content-type'] ?? '')) {
    return JSON.stringify({ ...(JSON.parse(template.body) as Record<string, unknown>), replyToId: parentId });
  }
  const boundary = /boundary=([^;]+)/.exec(template.headers['content-type'] ?? '')?.[1];
  const field = /name="([^"]*)articleId"/.exec(template.body);
  if (!boundary || !field) throw new Error('The captured post is not a multipart form with an articleId field: cannot add replyToId.');
  const articlePart = `--${boundary}\r\nContent-Disposition: form-data; name="${field[1]}articleId"`;
  const at = template.body.indexOf(articlePart);
  if (at < 0) throw new Error('Could not find the articleId part of the captured post.');
  const replyPart = `--${boundary}\r\nContent-Disposition: form-data; name="${field[1]}replyToId"\r\n\r\n${parentId}\r\n`;
  return template.body.slice(0, at) + replyPart + template.body.slice(at);
}

/** Parents by distinct readers, half of them set to be notified by email at once, half to nothing at all. */
async function prepareParents(client: pg.Client, fixture: Fixture, perGroup: number): Promise<Record<ReplyKind, string[]>> {
  const { rows } = await client.query<{ id: string; authorId: string }>(
    `SELECT DISTINCT ON ("authorId") id, "authorId" FROM "Comment"
     WHERE "articleId" = $1 AND "replyToId" IS NULL AND status = 'PUBLISHED' AND "deletedAt" IS NULL
     ORDER BY "authorId", "createdAt", id`,
    [fixture.posting.id],
  );
  if (rows.length < 2 * perGroup) throw new Error(`The posting article has top-level comments by ${rows.length} readers; the scenario needs ${2 * perGroup}.`);
  const notifying = rows.slice(0, perGroup);
  const silent = rows.slice(perGroup, 2 * perGroup);
  const topics = ['REPLY', 'MENTION', 'FOLLOWED_THREAD', 'MODERATION'];
  // Verified: the address may receive email, so nothing short of sending is skipped.
  await client.query(`UPDATE "User" SET "emailVerified" = now() WHERE id = ANY($1::uuid[])`, [notifying.map((r) => r.authorId)]);
  await client.query(
    `INSERT INTO "NotificationPreference" ("userId", topic, delivery)
     SELECT u, t::"NotificationTopic", $3::"NotificationDelivery" FROM unnest($1::uuid[]) u, unnest($2::text[]) t
     ON CONFLICT ("userId", topic) DO UPDATE SET delivery = EXCLUDED.delivery`,
    [notifying.map((r) => r.authorId), ['REPLY'], 'EMAIL_NOW'],
  );
  await client.query(
    `INSERT INTO "NotificationPreference" ("userId", topic, delivery)
     SELECT u, t::"NotificationTopic", 'OFF'::"NotificationDelivery" FROM unnest($1::uuid[]) u, unnest($2::text[]) t
     ON CONFLICT ("userId", topic) DO UPDATE SET delivery = EXCLUDED.delivery`,
    [silent.map((r) => r.authorId), topics],
  );
  return { notifying: notifying.map((r) => r.id), silent: silent.map((r) => r.id) };
}

type Sent = { index: number; kind: ReplyKind; parentId: string; marker: string; postedId?: string };

export async function measureReplyNotifications(
  app: App,
  fixture: Fixture,
  template: PostingTemplate,
  accounts: Account[],
  { options, log }: { options: BenchOptions; log: (message: string) => void },
): Promise<ReplyNotificationFigures> {
  const client = new pg.Client({ connectionString: app.databaseUrl });
  await client.connect();
  try {
    const parents = await prepareParents(client, fixture, options.notifyParents);
    const { url, headers } = retarget(template, app);
    // No cap on sockets: open loop, a reply is sent when it is due however many are still unanswered
    // (a cap would queue them in the load generator, and that wait would count as the server's).
    const agent = new http.Agent({ keepAlive: true });
    const tag = `${fixture.runId}-notify`;
    let sequence = 0;

    /** Replies due every 1/rate s for `seconds`, alternating notifying and silent. */
    const phase = async (seconds: number) => {
      const posts: (Sent & { latency?: number; refused?: string; error?: boolean })[] = [];
      const started = performance.now();
      const count = Math.floor(seconds * options.notifyRate);
      await Promise.all(
        Array.from({ length: count }, async (_, i) => {
          const due = started + (i / options.notifyRate) * 1000;
          await sleep(due - performance.now());
          const kind: ReplyKind = i % 2 === 0 ? 'notifying' : 'silent';
          const group = parents[kind];
          const parentId = group[Math.floor(i / 2) % group.length]!;
          const n = ++sequence;
          const marker = `[bench:${tag}-${n}]`;
          const post: (typeof posts)[number] = { index: i, kind, parentId, marker };
          posts.push(post);
          const { account } = await takeAccount(accounts);
          // The two replies of a pair carry the same words: rendering them costs the same.
          const text = `Bench reply ${marker}: ${fixture.bodies[Math.floor(i / 2) % fixture.bodies.length]!.body.slice(0, 400)}`;
          const body = postingBody(template, text, randomUUID(), asReply(template, parentId));
          try {
            const answer = await send(agent, url, { ...headers, cookie: account.cookie }, body);
            const posted = answer.status === 200 ? postedIdPattern.exec(answer.text)?.[1] : undefined;
            if (posted) {
              post.postedId = posted;
              post.latency = performance.now() - due;
            } else post.refused = answer.status === 200 ? refusalOf(answer.text) : `HTTP ${answer.status}`;
          } catch {
            post.error = true;
          } finally {
            releaseAccount(accounts, account);
          }
        }),
      );
      return { posts };
    };

    const warmup = options.warmupSeconds > 0 ? await phase(options.warmupSeconds) : undefined;
    const watch = monitor(app);
    const measured = await phase(options.notifySeconds);
    const usage = await watch.stop();
    agent.destroy();

    const group = async (kind: ReplyKind): Promise<ReplyGroupFigures> => {
      const posts = measured.posts.filter((p) => p.kind === kind);
      const acknowledged = posts.filter((p) => p.postedId);
      const refused: Record<string, number> = {};
      for (const p of posts) if (p.refused) refused[p.refused] = (refused[p.refused] ?? 0) + 1;
      const ids = acknowledged.map((p) => p.postedId!);
      const { rows: stored } = await client.query<{ id: string; replyToId: string; body: string }>(
        `SELECT id, "replyToId", body FROM "Comment" WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      const wanted = new Map(acknowledged.map((p) => [p.postedId!, p]));
      const wrongParent = stored.filter((row) => wanted.get(row.id)?.parentId !== row.replyToId || !row.body.includes(wanted.get(row.id)!.marker)).length;
      const [{ notifications, jobs }] = (
        await client.query<{ notifications: number; jobs: number }>(
          `SELECT (SELECT count(*)::int FROM "Notification" WHERE "commentId" = ANY($1::uuid[])) AS notifications,
                  (SELECT count(*)::int FROM ${JOB_SCHEMA}.job j JOIN "Notification" n ON n.id::text = j.data->>'notificationId'
                   WHERE j.name = $2 AND n."commentId" = ANY($1::uuid[])) AS jobs`,
          [ids, EMAIL_JOB],
        )
      ).rows as [{ notifications: number; jobs: number }];
      return {
        parents: parents[kind].length,
        sent: posts.length,
        acknowledged: acknowledged.length,
        latency: summarize(acknowledged.map((p) => p.latency!)),
        refused,
        errors: posts.filter((p) => p.error).length,
        stored: stored.length,
        wrongParent,
        notifications,
        emailJobs: jobs,
      };
    };
    const notifying = await group('notifying');
    const silent = await group('silent');
    const byIndex = new Map(measured.posts.map((p) => [p.index, p]));
    const deltas = measured.posts.flatMap((p) => {
      const next = byIndex.get(p.index + 1);
      return p.kind === 'notifying' && p.latency !== undefined && next?.latency !== undefined ? [p.latency - next.latency] : [];
    });
    const checkOk =
      [notifying, silent].every((g) => g.acknowledged > 0 && g.stored === g.acknowledged && g.wrongParent === 0) &&
      notifying.notifications === notifying.acknowledged &&
      notifying.emailJobs === notifying.acknowledged &&
      silent.notifications === 0 &&
      silent.emailJobs === 0;
    const figures: ReplyNotificationFigures = {
      rate: options.notifyRate,
      seconds: options.notifySeconds,
      warmupReplies: warmup?.posts.length ?? 0,
      notifying,
      silent,
      p50Ratio: notifying.latency.median / silent.latency.median,
      pairedDeltaMs: summarize(deltas),
      usage,
      checkOk,
    };
    log(
      `Replies at ${figures.rate}/s: notifying p50 ${notifying.latency.median.toFixed(1)} ms, p99 ${notifying.latency.p99.toFixed(0)} ms (${notifying.acknowledged} of ${notifying.sent}); ` +
        `silent p50 ${silent.latency.median.toFixed(1)} ms, p99 ${silent.latency.p99.toFixed(0)} ms (${silent.acknowledged} of ${silent.sent}); p50 ratio ${figures.p50Ratio.toFixed(2)}, paired difference median ${figures.pairedDeltaMs.median.toFixed(1)} ms; ` +
        `database check: ${checkOk ? `${notifying.notifications} notifications and ${notifying.emailJobs} email jobs for ${notifying.acknowledged} notifying replies, none for the silent ones` : 'PROBLEM'}.`,
    );
    return figures;
  } finally {
    await client.end();
  }
}
