// Scenario 5: posting comments over HTTP exactly as the browser does. Chromium
// signs in (a session cookie), opens the posting article, writes in the
// composer and clicks "Post comment"; the bench records that request (the
// composer's script posts JSON to /api/comments; the form's server action is
// the way without JavaScript) and replays it from 50 concurrent writers, each post with a
// fresh idempotency key, its own text, and the session of a distinct
// established account (the one that posted longest ago, at most once per 11 s:
// the per-account limits of lib/comments/comment-rate-limits.ts are not what
// is measured). Afterwards every acknowledged comment must be in the database
// exactly once, and nothing else the writers sent.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import zlib from 'node:zlib';
import pg from 'pg';
import { cookieFor, withBrowser } from '../browser';
import type { Fixture } from '../fixture';
import type { App } from '../http';
import { type LoadFigures, runLoad } from '../load';
import { monitor, type Usage } from '../monitor';
import type { BenchOptions } from '../options';
import type { BenchUser } from '../seed';
import { sessionCookie, sessionCookies } from '../session';
import { sleep, type Summary, summarize } from '../stats';

/** A reused account waits this long after its last post (the burst limit is 1 per 10 s). */
const REUSE_AFTER_MS = 11_000;
/** What the composer's post answers on success: `postedId` in the JSON (or `values: { postedId }` in a server action's RSC payload). */
export const postedIdPattern = /"postedId":"([0-9a-f-]{36})"/;

export type PostingTemplate = {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The text and idempotency key the browser sent, replaced in `body` on every replay. */
  text: string;
  idempotencyKey: string;
  contentEncoding: string;
  capturedBy: string;
};

/** Posts one comment with Chromium and returns the request it made (the cluster tests use it too: cluster/posting.ts). */
export async function capturePostingRequest(
  app: Pick<App, 'base' | 'secret' | 'databaseUrl'>,
  fixture: Pick<Fixture, 'runId'> & { posting: Pick<Fixture['posting'], 'slug'> },
  user: BenchUser,
): Promise<PostingTemplate> {
  const cookie = await sessionCookie(user, app);
  return withBrowser(async (browser) => {
    const context = await browser.newContext();
    await context.addCookies([cookieFor(app.base, cookie)]);
    const page = await context.newPage();
    await page.goto(`${app.base}/articles/${fixture.posting.slug}`, { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    const form = page.locator('form:has(textarea[name="body"])').first();
    if (!(await form.count())) throw new Error('No comment form (a form with textarea[name=body]) on the article page for a signed-in reader.');
    const idempotencyKey = await form.locator('input[name="idempotencyKey"]').inputValue();
    const text = `Bench capture ${fixture.runId}: how the composer posts.`;
    await form.locator('textarea[name="body"]').fill(text);
    const requestPromise = page.waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).origin === app.base);
    await form.locator('button[type="submit"]').first().click();
    const request = await requestPromise;
    const response = await request.response();
    // Chromium may already have dropped the body it handed to the page; then
    // replayOnce (below) is the check that the request works.
    const answer = response ? await response.text().catch(() => undefined) : undefined;
    if (!response || response.status() !== 200 || (answer !== undefined && !postedIdPattern.test(answer))) {
      throw new Error(`The composer's post did not come back acknowledged (HTTP ${response?.status()}, no postedId): ${answer?.slice(0, 300)}`);
    }
    const body = request.postData() ?? '';
    if (!body.includes(text) || !body.includes(idempotencyKey)) throw new Error('The captured post does not carry the text and idempotency key the form held.');
    const headers = await request.allHeaders();
    const kept = Object.fromEntries(
      Object.entries(headers).filter(([name]) => !['cookie', 'content-length', 'host', 'connection'].includes(name) && !name.startsWith(':')),
    );
    // Node's zlib has no zstd (Node 20): ask for what both sides speak.
    kept['accept-encoding'] = 'gzip, deflate, br';
    await context.close();
    return {
      url: request.url(),
      headers: kept,
      body,
      text,
      idempotencyKey,
      contentEncoding: response.headers()['content-encoding'] ?? 'identity',
      capturedBy: user.email,
    };
  });
}

export type PostingFigures = {
  round: number;
  writers: number;
  accounts: number;
  seconds: number;
  /** Posted (and checked) before the measured seconds, not timed. */
  warmupPosts: number;
  sent: number;
  acknowledged: number;
  commentsPerSecond: number;
  /** Acknowledged posts only: time to the last byte of the action's answer. */
  latency: Summary;
  refused: Record<string, number>;
  errors: number;
  /** Times a writer waited for an account to come free (the pool was too small). */
  waits: number;
  responseBytes: number;
  usage: Usage;
  /**
   * The same writers at a steady rate (open loop): each post is sent at its
   * scheduled time and timed from it, so a late answer delays no later post
   * and waiting for a turn counts in the latency.
   */
  paced: { rate: number; seconds: number; sent: number; acknowledged: number; latency: Summary; refused: Record<string, number>; errors: number; usage: Usage };
  /** Round 1: the cheapest request Next.js answers (a static route) under the writers' concurrency: what no endpoint can beat. */
  floor?: LoadFigures;
  check: PostingCheck;
};

export type PostingCheck = {
  /** Rows with a marker of this round, warm-up posts included. */
  stored: number;
  /** Acknowledged but not in the database. */
  lost: number;
  /** Markers stored more than once. */
  duplicated: number;
  /** In the database with a marker the writers sent but never saw acknowledged (a timeout, say). */
  unacknowledgedStored: number;
  /** Acknowledged id whose row carries another post's marker. */
  mismatched: number;
  byStatus: Record<string, number>;
  ok: boolean;
};

function decode(body: Buffer, encoding: string | undefined): string {
  if (encoding === 'gzip') return zlib.gunzipSync(body).toString('utf8');
  if (encoding === 'br') return zlib.brotliDecompressSync(body).toString('utf8');
  if (encoding === 'deflate') return zlib.inflateSync(body).toString('utf8');
  return body.toString('utf8');
}

export function refusalOf(text: string): string {
  const message = /"message":"([^"]{1,160})"/.exec(text)?.[1];
  return message ? `refused: ${message}` : 'no postedId in the answer';
}

export type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string; bytes: number };

/** POSTs `body` as the captured request did; `localAddress` picks the client address (127.0.0.x: one per writer behind nginx). */
export function send(
  agent: http.Agent,
  url: string,
  headers: Record<string, string>,
  body: Buffer,
  { timeoutMs = 30_000, localAddress }: { timeoutMs?: number; localAddress?: string } = {},
) {
  return new Promise<Answer>((resolve, reject) => {
    const options = { method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) }, timeout: timeoutMs, localAddress };
    const request = http.request(url, options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const raw = Buffer.concat(chunks);
        try {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text: decode(raw, response.headers['content-encoding']), bytes: raw.length });
        } catch (error) {
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on what decode() threw, as it was
          reject(error);
        }
      });
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * The captured post's body carrying another text and idempotency key, each
 * written as that body writes strings: escaped in the composer's JSON, as they
 * are in a multipart form. `body`: the captured one, or a variant of it (asReply).
 */
export function postingBody(template: PostingTemplate, text: string, idempotencyKey: string, body = template.body): Buffer {
  const json = /^application\/json/i.test(template.headers['content-type'] ?? '');
  const literal = (value: string) => (json ? JSON.stringify(value).slice(1, -1) : value);
  return Buffer.from(body.replace(template.text, () => literal(text)).replace(template.idempotencyKey, () => literal(idempotencyKey)));
}

export type Account = { user: BenchUser; cookie: string; readyAt: number };

/** The account that posted longest ago; waits if even that one posted within REUSE_AFTER_MS. Returns it and whether it waited. */
export async function takeAccount(accounts: Account[]): Promise<{ account: Account; waited: boolean }> {
  const account = accounts.shift()!;
  const wait = account.readyAt - Date.now();
  if (wait > 0) await sleep(wait);
  return { account, waited: wait > 0 };
}

/** Back at the end of the line, free again after REUSE_AFTER_MS. */
export function releaseAccount(accounts: Account[], account: Account): void {
  account.readyAt = Date.now() + REUSE_AFTER_MS;
  accounts.push(account);
}

/**
 * The captured request names the server it was sent to (URL, Origin, Referer):
 * point it at this one (the profiler starts another).
 */
export function retarget(template: PostingTemplate, app: App): { url: string; headers: Record<string, string> } {
  const capturedOrigin = new URL(template.url).origin;
  return {
    url: template.url.replace(capturedOrigin, app.base),
    headers: Object.fromEntries(Object.entries(template.headers).map(([name, value]) => [name, value.replace(capturedOrigin, app.base)])),
  };
}

export async function prepareAccounts(users: BenchUser[], app: App): Promise<Account[]> {
  const cookies = await sessionCookies(users, app);
  return users.map((user, i) => ({ user, cookie: cookies[i]!, readyAt: 0 }));
}

/** Replays the captured request once, as the writers will; throws unless it is acknowledged. */
export async function replayOnce(app: App, template: PostingTemplate, accounts: Account[], runId: string): Promise<void> {
  const account = accounts.shift()!;
  const agent = new http.Agent({ keepAlive: false });
  try {
    const text = `Bench replay check ${runId}: the captured request, replayed once.`;
    const body = postingBody(template, text, randomUUID());
    const answer = await send(agent, template.url, { ...template.headers, cookie: account.cookie }, body);
    if (answer.status !== 200 || !postedIdPattern.test(answer.text)) {
      throw new Error(
        `Replaying the composer's request did not post a comment (HTTP ${answer.status}, ${answer.status === 200 ? refusalOf(answer.text) : 'error'}): ${answer.text.slice(0, 300)}`,
      );
    }
  } finally {
    agent.destroy();
    releaseAccount(accounts, account);
  }
}

export async function measurePosting(
  app: App,
  databaseUrl: string,
  fixture: Fixture,
  template: PostingTemplate,
  accounts: Account[],
  {
    options,
    round,
    log,
    tag = `${fixture.runId}-r${round}`,
    label = `round ${round}`,
    floor: measureFloor = round === 1,
  }: {
    options: BenchOptions;
    round: number;
    log: (message: string) => void;
    /** Marks this run's posts (unique per run: the database check counts them). */
    tag?: string;
    /** Names the run in the log. */
    label?: string;
    /** Also load GET /robots.txt (the framework's floor); round 1 by default. */
    floor?: boolean;
  },
): Promise<PostingFigures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.writers });
  const { url, headers } = retarget(template, app);
  const sentMarkers = new Map<string, string>(); // marker -> idempotency key
  const acknowledged = new Map<string, string>(); // marker -> posted id
  let sequence = 0;
  const usedAccounts = new Set<string>();

  let waits = 0;
  const nextAccount = async (): Promise<Account> => {
    const { account, waited } = await takeAccount(accounts);
    if (waited) waits++;
    return account;
  };

  /**
   * Every writer posts until `seconds` have passed; returns what this phase saw.
   * With a rate, writer w's k-th post is due at (k × writers + w) / rate s:
   * it waits for that moment and its latency counts from it.
   */
  const phase = async (seconds: number, rate?: number) => {
    const figures = {
      sent: 0,
      acknowledged: 0,
      latencies: [] as number[],
      refused: {} as Record<string, number>,
      errors: 0,
      responseBytes: 0,
      answered: 0,
      seconds: 0,
    };
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: options.writers }, async (_, writer) => {
        for (let k = 0; performance.now() < deadline; k++) {
          const due = rate ? started + ((k * options.writers + writer) / rate) * 1000 : undefined;
          if (due !== undefined) {
            if (due >= deadline) break;
            await sleep(due - performance.now());
          }
          const account = await nextAccount();
          usedAccounts.add(account.user.id);
          const n = ++sequence;
          const marker = `[bench:${tag}-${n}]`;
          const key = randomUUID();
          const text = `Bench post ${marker} by writer ${writer + 1}: ${fixture.bodies[n % fixture.bodies.length]!.body.slice(0, 400)}`;
          const body = postingBody(template, text, key);
          sentMarkers.set(marker, key);
          figures.sent++;
          const t0 = due ?? performance.now();
          try {
            const answer = await send(agent, url, { ...headers, cookie: account.cookie }, body);
            const elapsed = performance.now() - t0;
            figures.responseBytes += answer.bytes;
            figures.answered++;
            const posted = answer.status === 200 ? postedIdPattern.exec(answer.text)?.[1] : undefined;
            if (posted) {
              acknowledged.set(marker, posted);
              figures.acknowledged++;
              figures.latencies.push(elapsed);
            } else {
              const reason = answer.status === 200 ? refusalOf(answer.text) : `HTTP ${answer.status}`;
              figures.refused[reason] = (figures.refused[reason] ?? 0) + 1;
            }
          } catch {
            figures.errors++;
          } finally {
            releaseAccount(accounts, account);
          }
        }
      }),
    );
    figures.seconds = (performance.now() - started) / 1000;
    return figures;
  };

  // Warm-up posts are checked in the database like the others, but not timed.
  const warmup = options.warmupSeconds > 0 ? await phase(options.warmupSeconds) : undefined;
  waits = 0;
  const watch = monitor(app);
  const measured = await phase(options.postSeconds);
  const usage = await watch.stop();
  const watchPaced = monitor(app);
  const pacedRun = await phase(options.postSeconds, options.pacedRate);
  const pacedUsage = await watchPaced.stop();
  const paced = {
    rate: options.pacedRate,
    seconds: pacedRun.seconds,
    sent: pacedRun.sent,
    acknowledged: pacedRun.acknowledged,
    latency: summarize(pacedRun.latencies),
    refused: pacedRun.refused,
    errors: pacedRun.errors,
    usage: pacedUsage,
  };
  const floor = measureFloor
    ? await runLoad(
        'framework floor: GET /robots.txt',
        { url: `${app.base}/robots.txt` },
        { connections: options.writers, seconds: options.postSeconds, warmupSeconds: 1, watched: app },
      )
    : undefined;
  agent.destroy();
  const check = await checkPosts(databaseUrl, fixture.posting.id, tag, sentMarkers, acknowledged);
  const latency = summarize(measured.latencies);
  log(
    `Posting (${label}): ${measured.acknowledged} acknowledged of ${measured.sent} in ${measured.seconds.toFixed(1)} s (${(measured.acknowledged / measured.seconds).toFixed(0)}/s), ` +
      `p50 ${latency.median.toFixed(0)} ms, p99 ${latency.p99.toFixed(0)} ms; paced at ${paced.rate}/s: p50 ${paced.latency.median.toFixed(0)} ms, p99 ${paced.latency.p99.toFixed(0)} ms` +
      `${floor ? `; framework floor ${floor.rps.toFixed(0)} req/s, p99 ${floor.latency.p99} ms` : ''}; database check: ${check.ok ? 'every acknowledged comment stored once' : 'PROBLEM'}.`,
  );
  return {
    round,
    writers: options.writers,
    accounts: usedAccounts.size,
    seconds: measured.seconds,
    warmupPosts: warmup?.sent ?? 0,
    sent: measured.sent,
    acknowledged: measured.acknowledged,
    commentsPerSecond: measured.acknowledged / measured.seconds,
    latency,
    refused: measured.refused,
    errors: measured.errors,
    waits,
    responseBytes: measured.answered ? measured.responseBytes / measured.answered : 0,
    usage,
    paced,
    floor,
    check,
  };
}

/** Every acknowledged comment stored exactly once; nothing stored twice. */
async function checkPosts(databaseUrl: string, articleId: string, tag: string, sent: Map<string, string>, acknowledged: Map<string, string>): Promise<PostingCheck> {
  // A client of its own, closed at once: its transactions reach pg_stat_database
  // before the next counting window opens.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; marker: string; status: string }>(
      `SELECT id, substring(body from '\\[bench:[^\\]]+\\]') AS marker, status::text AS status
       FROM "Comment" WHERE "articleId" = $1 AND body LIKE $2`,
      [articleId, `%[bench:${tag}-%`],
    );
    const byMarker = new Map<string, { id: string }[]>();
    const byId = new Map<string, string>();
    const byStatus: Record<string, number> = {};
    for (const row of rows) {
      byMarker.set(row.marker, [...(byMarker.get(row.marker) ?? []), { id: row.id }]);
      byId.set(row.id, row.marker);
      byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
    }
    let lost = 0;
    let mismatched = 0;
    for (const [marker, id] of acknowledged) {
      const storedMarker = byId.get(id);
      if (storedMarker === undefined) lost++;
      else if (storedMarker !== marker) mismatched++;
    }
    const duplicated = [...byMarker.values()].filter((list) => list.length > 1).length;
    const unacknowledgedStored = [...byMarker.keys()].filter((marker) => sent.has(marker) && !acknowledged.has(marker)).length;
    return { stored: rows.length, lost, duplicated, unacknowledgedStored, mismatched, byStatus, ok: lost === 0 && duplicated === 0 && mismatched === 0 };
  } finally {
    await client.end();
  }
}
