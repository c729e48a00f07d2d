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
    const paragraphs = Array.from({ length: random.int(1, 4) }, () =>
      Array.from({ length: random.int(1, 5) }, () => sentence(random)).join(' '),
    );
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
  { total, topLevel, users, bodies, paragraphIds, now = Date.now() }: {
    total: number;
    topLevel: number;
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
    const thread = pickThread();
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
