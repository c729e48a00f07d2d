// Bulk data for the bench: readers, article copies and realistic comment threads,
// written with plain SQL (unnest of arrays, 1,000 rows a statement). The
// denormalised counters (Comment.replyCount, Article.commentCount) and the
// Insightful reactions behind insightfulCount are made consistent afterwards,
// exactly as the comment commands keep them: published, not deleted.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { articleBodySchema, paragraphsOf } from '@/lib/articles/article-body';
import { renderCommentMarkdown } from '@/lib/comments/render-comment-markdown';
import type { Random } from './stats';

const DAY = 24 * 60 * 60 * 1000;
const BATCH = 1000;

export type BenchUser = { id: string; email: string };

/** Established readers: accounts older than a day get the ordinary comment rate limits. */
export async function seedUsers(client: pg.Client, count: number, runId: string): Promise<BenchUser[]> {
  const users = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    email: `bench-${runId}-${String(i).padStart(4, '0')}@bench.invalid`,
    name: `Reader ${i + 1}`,
  }));
  const createdAt = new Date(Date.now() - 60 * DAY).toISOString();
  for (let i = 0; i < users.length; i += BATCH) {
    const batch = users.slice(i, i + BATCH);
    await client.query(
      `INSERT INTO "User" (id, name, email, "createdAt", "updatedAt")
       SELECT u.id, u.name, u.email, $4::timestamp, $4::timestamp
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, name, email)`,
      [batch.map((u) => u.id), batch.map((u) => u.name), batch.map((u) => u.email), createdAt],
    );
  }
  return users.map(({ id, email }) => ({ id, email }));
}

export type BenchArticle = { id: string; slug: string; title: string; paragraphIds: string[] };

/** A published copy of a seeded article under a new slug (articles need a real body for the page). */
export async function cloneArticle(client: pg.Client, sourceId: string, slug: string, titleSuffix: string): Promise<BenchArticle> {
  const id = randomUUID();
  const { rows } = await client.query<{ title: string; body: unknown }>(
    `INSERT INTO "Article" (id, slug, title, summary, body, "wordCount", "readingMinutes", "publishedAt", status, "contentHash", "commentCount", "createdAt", "updatedAt")
     SELECT $1, $2, title || $3, summary, body, "wordCount", "readingMinutes", "publishedAt", 'PUBLISHED', "contentHash", 0, now(), now()
     FROM "Article" WHERE id = $4
     RETURNING title, body`,
    [id, slug, titleSuffix, sourceId],
  );
  const row = rows[0];
  if (!row) throw new Error(`Article ${sourceId} not found to copy.`);
  return { id, slug, title: row.title, paragraphIds: paragraphsOf(articleBodySchema.parse(row.body)).map((p) => p.id) };
}

const words =
  'the argument rests on a reading of history that leaves out trade sanctions energy markets alliances are rarely about shared values more often about shared enemies which is exactly why this one looks fragile to me I would add that the author underestimates how much domestic politics drives both governments here consider the grain deals the drone supply and the nuclear talks each of them tells a different story about trust leverage and timing'.split(
    ' ',
  );

function sentence(random: Random): string {
  const length = random.int(8, 22);
  const picked = Array.from({ length }, () => random.pick(words));
  const text = picked.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + random.pick(['.', '.', '.', '?', '!']);
}

/** A few dozen comment bodies (Markdown + the HTML the app would render), reused across rows. */
export function commentBodies(random: Random, count = 64): { body: string; html: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const paragraphs = Array.from({ length: random.int(1, 4) }, () => Array.from({ length: random.int(1, 5) }, () => sentence(random)).join(' '));
    if (i % 5 === 0) paragraphs[0] = `**${paragraphs[0]}**`;
    if (i % 7 === 0) paragraphs.push('See [the source](https://example.com/report) for the figures.');
    if (i % 9 === 0) paragraphs.unshift(`> ${sentence(random)}`);
    const body = paragraphs.join('\n\n');
    return { body, html: renderCommentMarkdown(body) };
  });
}

type Row = {
  id: string;
  authorId: string;
  replyToId: string | null;
  rootId: string | null;
  displayParentId: string | null;
  depth: number;
  body: string;
  bodyHtml: string;
  status: 'PUBLISHED' | 'PENDING' | 'REJECTED';
  quotedParagraphId: string | null;
  insightfulCount: number;
  createdAt: Date;
  deletedAt: Date | null;
};

/** Skewed like real threads: most comments get no Insightful, a few get many. */
function insightful(random: Random, maxReactions: number): number {
  const roll = random.next();
  if (roll < 0.6) return 0;
  if (roll < 0.85) return random.int(1, 3);
  if (roll < 0.95) return random.int(4, 20);
  return Math.min(maxReactions, random.int(21, 150));
}

/**
 * One article's thread: `topLevel` top-level comments over the last 30 days and
 * `total - topLevel` replies spread over them unevenly (log-normal weights, 40% of
 * top-level comments get none), answering the top-level comment or any earlier
 * reply; depth is capped at 3 the way postComment caps it. About 2% are rejected,
 * 1% pending and 3% deleted by their authors.
 */
export function generateThread(
  random: Random,
  {
    total,
    topLevel,
    evenly = false,
    users,
    bodies,
    paragraphIds,
    now = Date.now(),
  }: {
    total: number;
    topLevel: number;
    /** Every top-level comment gets the same number of replies (otherwise a few threads draw most of them, as in real threads). */
    evenly?: boolean;
    users: BenchUser[];
    bodies: { body: string; html: string }[];
    paragraphIds: string[];
    now?: number;
  },
): Row[] {
  const status = (): Row['status'] => {
    const roll = random.next();
    return roll < 0.02 ? 'REJECTED' : roll < 0.03 ? 'PENDING' : 'PUBLISHED';
  };
  const make = (fields: Pick<Row, 'replyToId' | 'rootId' | 'displayParentId' | 'depth' | 'createdAt'>): Row => {
    const text = random.pick(bodies);
    const st = status();
    const deleted = st === 'PUBLISHED' && random.chance(0.03);
    return {
      id: randomUUID(),
      authorId: random.pick(users).id,
      body: text.body,
      bodyHtml: text.html,
      status: st,
      quotedParagraphId: fields.depth === 1 && paragraphIds.length && random.chance(0.05) ? random.pick(paragraphIds) : null,
      insightfulCount: st === 'PUBLISHED' && !deleted ? insightful(random, users.length - 1) : 0,
      deletedAt: deleted ? new Date(Math.min(now, fields.createdAt.getTime() + 60 * 60 * 1000)) : null,
      ...fields,
    };
  };

  const roots = Array.from({ length: topLevel }, () =>
    make({ replyToId: null, rootId: null, displayParentId: null, depth: 1, createdAt: new Date(now - random.next() * 30 * DAY) }),
  );
  const threads = roots.map((root) => [root]);
  const weights = roots.map(() => (random.chance(0.4) ? 0 : Math.exp(1.2 * random.normal())));
  const cumulative: number[] = [];
  weights.reduce((sum, weight) => (cumulative.push(sum + weight), sum + weight), 0);
  const totalWeight = cumulative.at(-1) ?? 0;
  const pickThread = () => {
    const target = random.next() * totalWeight;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! <= target) lo = mid + 1;
      else hi = mid;
    }
    return threads[lo]!;
  };

  const replies: Row[] = [];
  for (let i = topLevel; i < total && totalWeight > 0; i++) {
    const thread = evenly ? threads[(i - topLevel) % threads.length]! : pickThread();
    const root = thread[0]!;
    // Half answer the top-level comment, half an earlier published reply in the thread.
    const candidates = thread.filter((row) => row.status === 'PUBLISHED' && !row.deletedAt);
    const parent = thread.length > 1 && random.chance(0.5) && candidates.length ? random.pick(candidates) : root;
    const createdAt = new Date(Math.min(now - 1000, parent.createdAt.getTime() + random.int(60_000, 2 * DAY)));
    const placement =
      parent.depth >= 3
        ? { rootId: root.id, displayParentId: parent.displayParentId, depth: 3 }
        : { rootId: root.id, displayParentId: parent.id, depth: parent.depth + 1 };
    const reply = make({ replyToId: parent.id, ...placement, createdAt });
    thread.push(reply);
    replies.push(reply);
  }
  // Parents first, so every batch's foreign keys point at rows already written.
  return [...roots, ...replies];
}

export async function insertComments(client: pg.Client, articleId: string, rows: Row[]) {
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const col = <K extends keyof Row>(key: K) => batch.map((row) => row[key]);
    await client.query(
      `INSERT INTO "Comment" (id, "articleId", "authorId", "replyToId", "rootId", "displayParentId", depth, body, "bodyHtml", status,
                              "quotedParagraphId", "insightfulCount", "replyCount", "idempotencyKey", "deletedAt", "createdAt", "updatedAt")
       SELECT c.id, $1, c.author, c.reply_to, c.root, c.display_parent, c.depth, c.body, c.html, c.status::"CommentStatus",
              c.quoted, c.insightful, 0, gen_random_uuid(), c.deleted_at, c.created_at, coalesce(c.deleted_at, c.created_at)
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::int[], $8::text[], $9::text[], $10::text[],
                   $11::text[], $12::int[], $13::timestamp[], $14::timestamp[])
         AS c(id, author, reply_to, root, display_parent, depth, body, html, status, quoted, insightful, deleted_at, created_at)`,
      [
        articleId,
        col('id'),
        col('authorId'),
        col('replyToId'),
        col('rootId'),
        col('displayParentId'),
        col('depth'),
        col('body'),
        col('bodyHtml'),
        col('status'),
        col('quotedParagraphId'),
        col('insightfulCount'),
        batch.map((row) => row.deletedAt?.toISOString() ?? null),
        batch.map((row) => row.createdAt.toISOString()),
      ],
    );
  }
}

/**
 * Reaction rows behind every insightfulCount (the first N bench readers other
 * than the author), then replyCount and commentCount recomputed from the rows.
 */
export async function finishCounters(client: pg.Client, articleIds: string[], userEmailPrefix: string) {
  await client.query(
    `INSERT INTO "CommentReaction" ("commentId", "userId", "createdAt")
     SELECT c.id, u.id, c."createdAt" + interval '1 hour'
     FROM "Comment" c
     CROSS JOIN LATERAL (
       SELECT id FROM "User" WHERE email LIKE $2 AND id <> c."authorId" ORDER BY email LIMIT c."insightfulCount"
     ) u
     WHERE c."articleId" = ANY($1::uuid[]) AND c."insightfulCount" > 0`,
    [articleIds, `${userEmailPrefix}%`],
  );
  await client.query(
    `UPDATE "Comment" r SET "replyCount" = s.n
     FROM (SELECT "rootId", count(*)::int AS n FROM "Comment"
           WHERE "articleId" = ANY($1::uuid[]) AND "rootId" IS NOT NULL AND status = 'PUBLISHED' AND "deletedAt" IS NULL
           GROUP BY "rootId") s
     WHERE r.id = s."rootId"`,
    [articleIds],
  );
  await client.query(
    `UPDATE "Article" a SET "commentCount" =
       (SELECT count(*)::int FROM "Comment" c WHERE c."articleId" = a.id AND c.status = 'PUBLISHED' AND c."deletedAt" IS NULL)
     WHERE a.id = ANY($1::uuid[])`,
    [articleIds],
  );
}

export type ThreadShape = {
  comments: number;
  published: number;
  topLevel: number;
  byDepth: Record<string, number>;
  maxReplies: number;
  reactions: number;
  commentCount: number;
  consistent: boolean;
};

/** What was written, checked against the counters the app relies on. */
export async function describeThread(client: pg.Client, articleId: string): Promise<ThreadShape> {
  const { rows } = await client.query<{ depth: number; n: number }>(
    `SELECT depth, count(*)::int AS n FROM "Comment" WHERE "articleId" = $1 GROUP BY depth ORDER BY depth`,
    [articleId],
  );
  const single = async <T>(sql: string) => (await client.query(sql, [articleId])).rows[0] as T;
  const totals = await single<{ comments: number; published: number; top: number; max_replies: number; reactions: number }>(
    `SELECT count(*)::int AS comments,
            count(*) FILTER (WHERE status = 'PUBLISHED' AND "deletedAt" IS NULL)::int AS published,
            count(*) FILTER (WHERE "rootId" IS NULL)::int AS top,
            coalesce(max("replyCount"), 0)::int AS max_replies,
            (SELECT count(*)::int FROM "CommentReaction" r JOIN "Comment" c2 ON c2.id = r."commentId" WHERE c2."articleId" = $1) AS reactions
     FROM "Comment" WHERE "articleId" = $1`,
  );
  const check = await single<{ bad_replies: number; bad_insightful: number; comment_count: number }>(
    `SELECT
       (SELECT count(*)::int FROM "Comment" r WHERE r."articleId" = $1 AND r."rootId" IS NULL AND r."replyCount" <>
          (SELECT count(*) FROM "Comment" c WHERE c."rootId" = r.id AND c.status = 'PUBLISHED' AND c."deletedAt" IS NULL)) AS bad_replies,
       (SELECT count(*)::int FROM "Comment" c WHERE c."articleId" = $1 AND c."insightfulCount" <>
          (SELECT count(*) FROM "CommentReaction" x WHERE x."commentId" = c.id)) AS bad_insightful,
       (SELECT "commentCount" FROM "Article" WHERE id = $1) AS comment_count`,
  );
  return {
    comments: totals.comments,
    published: totals.published,
    topLevel: totals.top,
    byDepth: Object.fromEntries(rows.map((row) => [String(row.depth), row.n])),
    maxReplies: totals.max_replies,
    reactions: totals.reactions,
    commentCount: check.comment_count,
    consistent: check.bad_replies === 0 && check.bad_insightful === 0 && check.comment_count === totals.published,
  };
}

// --- Moderation queues at scale -----------------------------------------------------------------

/** A word in ~0.25% of the moderation bodies (every 400th comment), for the text filter. */
export const RARE_WORD = 'tanker';
/** A word in about half of the bodies. */
export const COMMON_WORD = 'sanctions';

export type ModerationData = {
  comments: number;
  byStatus: Record<string, number>;
  deleted: number;
  topLevel: number;
  openReports: number;
  reportedComments: number;
  resolvedReports: number;
  appeals: number;
  openAppeals: number;
  auditEntries: number;
  busiestArticle: { id: string; comments: number };
  quietestArticle: { id: string; comments: number };
  typicalAuthor: { email: string; comments: number };
  busiestAuthor: { email: string; comments: number };
  rareWordComments: number;
};

const NOW = `(now() AT TIME ZONE 'UTC')`;

/**
 * `total` comments over `articleIds` (skewed: the busiest article gets ~15x the
 * quietest), by `authors` (skewed: a few prolific, most occasional), written by
 * INSERT ... SELECT from generate_series in batches, all in SQL. About 2% pending
 * (held in the last 3 days), 3% rejected (with reason, moderator and time), the rest
 * published, 3% of those deleted by their author; 35% top-level, the rest replies
 * (depth 2) to a top-level comment of the same article, after it. ~1% of the
 * comments carry 1–5 open reports by distinct readers, more have resolved ones
 * (60% of the rejected, 1% of the published: dismissed); 10% of the rejected were
 * appealed; the audit log gets an entry for every rejection, for 5% of the
 * published (approved from the queue), for resolved appeals and ~600 user actions.
 * replyCount is not maintained (the queues never read it); commentCount is.
 */
export async function seedModeration(
  client: pg.Client,
  {
    articleIds,
    authors,
    moderators,
    bodies,
    total,
    batch = 20_000,
  }: {
    articleIds: string[];
    authors: BenchUser[];
    moderators: string[];
    bodies: { body: string; html: string }[];
    total: number;
    batch?: number;
  },
): Promise<ModerationData> {
  await client.query('SELECT setseed(0.2026)');
  // One row per comment-to-be, with its random draws (materialised: each is drawn once).
  await client.query(
    `CREATE TEMP TABLE bench_mod AS
     SELECT n, id, a, u, b, t, p, x, y, top, status,
            CASE WHEN top THEN ${NOW} - t * (CASE WHEN status = 'PENDING' THEN 3 ELSE 90 END) * interval '1 day' END AS created_at
     FROM (
       SELECT n, id, a, u, b, t, p, x, y, top,
              CASE WHEN s < 0.02 THEN 'PENDING' WHEN s < 0.05 THEN 'REJECTED' ELSE 'PUBLISHED' END AS status
       FROM (
         SELECT g AS n, gen_random_uuid() AS id,
                1 + floor(power(random(), 1.6) * $1)::int AS a,
                1 + floor(power(random(), 2) * $2)::int AS u,
                1 + floor(random() * $3)::int AS b,
                random() AS s, random() AS t, random() AS p, random() AS x, random() AS y, random() < 0.35 AS top
         FROM generate_series(1, $4::int) g
         OFFSET 0
       ) drawn
     ) m`,
    [articleIds.length, authors.length, bodies.length, total],
  );
  await client.query(
    `CREATE TEMP TABLE bench_mod_top AS
     SELECT a, row_number() OVER (PARTITION BY a ORDER BY n)::int AS tn, id, created_at FROM bench_mod WHERE top`,
  );
  await client.query('CREATE INDEX ON bench_mod_top (a, tn)');
  // Replies pick a top-level comment of their article and come after it.
  await client.query(
    `CREATE TEMP TABLE bench_mod_rows AS
     WITH counts AS (SELECT a, count(*)::int AS k FROM bench_mod_top GROUP BY a),
     placed AS (
       SELECT m.*, parent.id AS parent_id,
              CASE WHEN m.top THEN m.created_at ELSE l.lo + m.t * (${NOW} - l.lo) END AS at
       FROM bench_mod m
       LEFT JOIN counts c ON NOT m.top AND c.a = m.a
       LEFT JOIN bench_mod_top parent ON NOT m.top AND parent.a = m.a AND parent.tn = 1 + floor(m.p * c.k)::int
       CROSS JOIN LATERAL (
         SELECT CASE WHEN m.status = 'PENDING' THEN greatest(parent.created_at, ${NOW} - interval '3 days') ELSE parent.created_at END AS lo
       ) l
     )
     SELECT n, id, a, ($1::uuid[])[a] AS article_id, ($2::uuid[])[u] AS author_id, u, parent_id,
            CASE WHEN top THEN 1 ELSE 2 END AS depth,
            ($3::text[])[b] || CASE WHEN n % 400 = 0 THEN E'\n\nThe ${RARE_WORD} insurance premiums tell the real story.' ELSE '' END AS body,
            ($4::text[])[b] || CASE WHEN n % 400 = 0 THEN E'\n<p>The ${RARE_WORD} insurance premiums tell the real story.</p>' ELSE '' END AS html,
            status,
            CASE WHEN status = 'PUBLISHED' AND x < 0.03 THEN least(${NOW}, at + interval '1 hour') END AS deleted_at,
            CASE WHEN status = 'REJECTED' THEN least(${NOW}, at + y * interval '1 day') END AS moderated_at,
            CASE WHEN status = 'REJECTED'
                 THEN (ARRAY['SPAM','SPAM','SPAM','HARASSMENT','HATE','MISINFORMATION','OFF_TOPIC','OFF_TOPIC'])[1 + floor(y * 8)::int] END AS reason,
            ($5::uuid[])[1 + (n % $6::int)] AS moderator,
            t, x, y, at
     FROM placed`,
    [articleIds, authors.map((a) => a.id), bodies.map((b) => b.body), bodies.map((b) => b.html), moderators, moderators.length],
  );
  await client.query('CREATE INDEX ON bench_mod_rows (depth, n)');

  // Top-level comments first, so every reply's foreign keys point at rows already written.
  for (const depth of [1, 2]) {
    for (let from = 1; from <= total; from += batch) {
      await client.query(
        `INSERT INTO "Comment" (id, "articleId", "authorId", "replyToId", "rootId", "displayParentId", depth, body, "bodyHtml", status,
                                "rejectionReason", "moderatedAt", "moderatedById", "insightfulCount", "replyCount", "idempotencyKey",
                                "deletedAt", "createdAt", "updatedAt")
         SELECT id, article_id, author_id, parent_id, parent_id, parent_id, depth, body, html, status::"CommentStatus",
                reason::"ReportReason", moderated_at, CASE WHEN moderated_at IS NOT NULL THEN moderator END, 0, 0, gen_random_uuid(),
                deleted_at, at, coalesce(deleted_at, moderated_at, at)
         FROM bench_mod_rows WHERE depth = $1 AND n BETWEEN $2 AND $3`,
        [depth, from, from + batch - 1],
      );
    }
  }

  // Reports: open ones on ~1% of the visible comments, resolved ones on most rejected
  // comments and on 1% of the published (dismissed by an approval).
  await client.query(
    `CREATE TEMP TABLE bench_mod_reported AS
     SELECT r.*, kind, CASE WHEN kind = 'open' THEN 1 + floor(power(r.y, 2) * 5)::int ELSE 1 + floor(r.y * 3)::int END AS k
     FROM bench_mod_rows r
     CROSS JOIN LATERAL (
       SELECT CASE WHEN r.status <> 'REJECTED' AND r.deleted_at IS NULL AND r.x >= 0.05 AND r.x < 0.0605 THEN 'open'
                   WHEN r.status = 'PUBLISHED' AND r.x >= 0.0605 AND r.x < 0.0705 THEN 'dismissed'
                   WHEN r.status = 'REJECTED' AND r.x < 0.6 THEN 'upheld' END AS kind
     ) k
     WHERE kind IS NOT NULL`,
  );
  await client.query(
    `INSERT INTO "CommentReport" (id, "commentId", "reporterId", reason, note, "resolvedAt", "createdAt")
     SELECT gen_random_uuid(), c.id, ($1::uuid[])[1 + ((c.u + c.n * 7 + j * 31) % $2::int)],
            (CASE WHEN c.status = 'REJECTED' AND c.reason IS NOT NULL THEN c.reason
                  ELSE (ARRAY['SPAM','HARASSMENT','HATE','MISINFORMATION','OFF_TOPIC','OTHER'])[1 + (c.n + j) % 6] END)::"ReportReason",
            CASE WHEN (c.n + j) % 6 = 5 THEN 'Reads like an advert.' END,
            CASE WHEN c.kind = 'open' THEN NULL ELSE coalesce(c.moderated_at, least(${NOW}, c.at + interval '6 hours')) END,
            least(${NOW}, c.at + (j * c.t) * interval '1 hour')
     FROM bench_mod_reported c CROSS JOIN LATERAL generate_series(1, c.k) j`,
    [authors.map((a) => a.id), authors.length],
  );

  // Appeals on 10% of the rejected comments, 60% still open.
  await client.query(
    `INSERT INTO "Appeal" (id, "commentId", "authorId", message, status, "createdAt", "resolvedAt", "resolvedById")
     SELECT gen_random_uuid(), id, author_id, 'This was not spam: please look again.',
            (CASE WHEN t < 0.6 THEN 'OPEN' WHEN t < 0.8 THEN 'UPHELD' ELSE 'OVERTURNED' END)::"AppealStatus",
            least(${NOW}, moderated_at + interval '2 hours'),
            CASE WHEN t >= 0.6 THEN least(${NOW}, moderated_at + interval '1 day') END,
            CASE WHEN t >= 0.6 THEN moderator END
     FROM bench_mod_rows WHERE status = 'REJECTED' AND n % 10 = 3`,
  );

  // The audit log, oldest first (ids grow with time, as in production). Inserts only:
  // the table's trigger refuses UPDATE and DELETE.
  await client.query(
    `INSERT INTO "AuditLog" (action, "actorId", "targetType", "targetId", "articleId", "before", "after", reason, "createdAt")
     SELECT action::"AuditAction", actor, target_type, target_id, article_id, before, after, reason, at
     FROM (
       SELECT 'COMMENT_REJECTED' AS action, moderator AS actor, 'comment' AS target_type, id::text AS target_id, article_id,
              jsonb_build_object('status', 'PUBLISHED', 'featured', false, 'rejectionReason', null) AS before,
              jsonb_build_object('status', 'REJECTED', 'featured', false, 'rejectionReason', reason) AS after, reason, moderated_at AS at
       FROM bench_mod_rows WHERE status = 'REJECTED'
       UNION ALL
       SELECT 'COMMENT_APPROVED', moderator, 'comment', id::text, article_id,
              jsonb_build_object('status', 'PENDING', 'featured', false, 'rejectionReason', null),
              jsonb_build_object('status', 'PUBLISHED', 'featured', false, 'rejectionReason', null), NULL, least(${NOW}, at + y * interval '1 day')
       FROM bench_mod_rows WHERE status = 'PUBLISHED' AND x >= 0.1 AND x < 0.15
       UNION ALL
       SELECT 'APPEAL_RESOLVED', a."resolvedById", 'appeal', a.id::text, NULL, jsonb_build_object('status', 'OPEN'), jsonb_build_object('status', a.status::text), NULL, a."resolvedAt"
       FROM "Appeal" a WHERE a."resolvedAt" IS NOT NULL
       UNION ALL
       SELECT (ARRAY['USER_WARNED','USER_WARNED','USER_SUSPENDED','USER_BANNED','USER_MODERATION_MODE_SET','USER_LIFTED'])[1 + g % 6],
              ($1::uuid[])[1 + g % $2::int], 'user', ($3::uuid[])[1 + (g * 37) % $4::int]::text, NULL, NULL, NULL, 'Repeated off-topic posting.',
              ${NOW} - (g / 600.0) * interval '90 days'
       FROM generate_series(1, 600) g
     ) entries
     ORDER BY at`,
    [moderators, moderators.length, authors.map((a) => a.id), authors.length],
  );
  await client.query(
    `UPDATE "Article" a SET "commentCount" =
       (SELECT count(*)::int FROM "Comment" c WHERE c."articleId" = a.id AND c.status = 'PUBLISHED' AND c."deletedAt" IS NULL)
     WHERE a.id = ANY($1::uuid[])`,
    [articleIds],
  );

  const one = async <T>(text: string, values: unknown[] = []) => (await client.query(text, values)).rows[0] as T;
  const totals = await one<{ comments: number; deleted: number; top: number; pending: number; rejected: number; published: number; rare: number }>(
    `SELECT count(*)::int AS comments, count(*) FILTER (WHERE deleted_at IS NOT NULL)::int AS deleted, count(*) FILTER (WHERE depth = 1)::int AS top,
            count(*) FILTER (WHERE status = 'PENDING')::int AS pending, count(*) FILTER (WHERE status = 'REJECTED')::int AS rejected,
            count(*) FILTER (WHERE status = 'PUBLISHED')::int AS published, count(*) FILTER (WHERE n % 400 = 0)::int AS rare
     FROM bench_mod_rows`,
  );
  const reports = await one<{ open: number; comments: number; resolved: number }>(
    `SELECT count(*) FILTER (WHERE r."resolvedAt" IS NULL)::int AS open, count(DISTINCT r."commentId") FILTER (WHERE r."resolvedAt" IS NULL)::int AS comments,
            count(*) FILTER (WHERE r."resolvedAt" IS NOT NULL)::int AS resolved
     FROM "CommentReport" r JOIN bench_mod_rows m ON m.id = r."commentId"`,
  );
  const appeals = await one<{ all: number; open: number }>(`SELECT count(*)::int AS all, count(*) FILTER (WHERE status = 'OPEN')::int AS open FROM "Appeal"`);
  const audit = await one<{ n: number }>(`SELECT count(*)::int AS n FROM "AuditLog"`);
  const articles = (
    await client.query<{ id: string; n: number }>(`SELECT article_id AS id, count(*)::int AS n FROM bench_mod_rows GROUP BY article_id ORDER BY n DESC`)
  ).rows;
  const byAuthor = (await client.query<{ u: number; n: number }>(`SELECT u, count(*)::int AS n FROM bench_mod_rows GROUP BY u ORDER BY n DESC, u`)).rows;
  for (const table of ['bench_mod_reported', 'bench_mod_rows', 'bench_mod_top', 'bench_mod']) await client.query(`DROP TABLE ${table}`);
  const typical = byAuthor[Math.floor(byAuthor.length / 2)]!;
  const busiest = byAuthor[0]!;
  return {
    comments: totals.comments,
    byStatus: { PENDING: totals.pending, PUBLISHED: totals.published, REJECTED: totals.rejected },
    deleted: totals.deleted,
    topLevel: totals.top,
    openReports: reports.open,
    reportedComments: reports.comments,
    resolvedReports: reports.resolved,
    appeals: appeals.all,
    openAppeals: appeals.open,
    auditEntries: audit.n,
    busiestArticle: { id: articles[0]!.id, comments: articles[0]!.n },
    quietestArticle: { id: articles.at(-1)!.id, comments: articles.at(-1)!.n },
    typicalAuthor: { email: authors[typical.u - 1]!.email, comments: typical.n },
    busiestAuthor: { email: authors[busiest.u - 1]!.email, comments: busiest.n },
    rareWordComments: totals.rare,
  };
}
