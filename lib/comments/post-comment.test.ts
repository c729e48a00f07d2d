import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import { inRequestScope } from '@/lib/database-unavailable';
import { db } from '@/lib/db';
import { commentRulesFor } from './comment-rate-limits';
import { commentViewSelect, toCommentView } from './comment-view';
import { getCommentViewAs } from './get-comment-view';
import { postCommentAs } from './post-comment';
import { QUOTABLE_PARAGRAPH_ID, clearCommentLimits, commentInput, createActor, createTestArticle, post, refusal, viewerOfActor } from './test-fixtures';

afterAll(() => db.$disconnect());

const row = (id: string) => db.comment.findUniqueOrThrow({ where: { id } });
const commentCountOf = async (articleId: string) => (await db.article.findUniqueOrThrow({ where: { id: articleId } })).commentCount;

describe('who may post where', () => {
  test('a signed-out reader is refused with UNAUTHENTICATED and nothing is stored', async () => {
    const article = await createTestArticle();
    const error = await refusal(postCommentAs(null, commentInput(article.id)), 'UNAUTHENTICATED');
    expect(error.message).toBe('Sign in to do that.');
    expect(await db.comment.count({ where: { articleId: article.id } })).toBe(0);
  });

  test('a suspended reader is refused, told until when and why', async () => {
    const article = await createTestArticle();
    const actor = await createActor({ suspendedUntil: new Date('2099-03-04T05:06:00Z'), statusReason: 'Repeated spam' });
    const error = await refusal(post(actor, article.id), 'FORBIDDEN');
    expect(error.message).toMatch(/suspended from posting until 4 March 2099.*UTC/);
    expect(error.message).toContain('Reason: Repeated spam');
    expect(await db.comment.count({ where: { articleId: article.id } })).toBe(0);
  });

  test('a banned reader is refused with the reason', async () => {
    const article = await createTestArticle();
    const actor = await createActor({ bannedAt: new Date(), statusReason: 'Hate speech' });
    const error = await refusal(post(actor, article.id), 'FORBIDDEN');
    expect(error.message).toBe('Your account is banned from posting. Reason: Hate speech');
  });

  test('a reader whose suspension has run out may post again', async () => {
    const article = await createTestArticle();
    const actor = await createActor({ suspendedUntil: new Date(Date.now() - 60_000), statusReason: 'Old' });
    expect((await post(actor, article.id)).status).toBe('PUBLISHED');
  });

  test('a closed article takes no new comments', async () => {
    const article = await createTestArticle({ commentsClosedAt: new Date() });
    const actor = await createActor();
    const error = await refusal(post(actor, article.id), 'FORBIDDEN');
    expect(error.message).toBe('Comments are closed on this article.');
    expect(await db.comment.count({ where: { articleId: article.id } })).toBe(0);
  });

  test('an unknown article and a draft are both NOT_FOUND', async () => {
    const actor = await createActor();
    await refusal(post(actor, randomUUID()), 'NOT_FOUND');
    const draft = await createTestArticle({ status: 'DRAFT' });
    await refusal(post(actor, draft.id), 'NOT_FOUND');
  });

  test('a quote of a paragraph the article does not have is refused; one it has is stored', async () => {
    const article = await createTestArticle();
    const actor = await createActor();
    await refusal(post(actor, article.id, { quotedParagraphId: 'no-such-paragraph' }), 'INVALID_INPUT');
    const posted = await post(actor, article.id, { quotedParagraphId: QUOTABLE_PARAGRAPH_ID });
    expect((await row(posted.id)).quotedParagraphId).toBe(QUOTABLE_PARAGRAPH_ID);
  });
});

describe('a posted comment', () => {
  test('is published, counted on the article, and returned as its author now sees it in the thread', async () => {
    const article = await createTestArticle();
    const actor = await createActor();
    const posted = await post(actor, article.id);
    expect(posted).toMatchObject({ id: expect.any(String), status: 'PUBLISHED', articleSlug: article.slug, replayed: false });
    // Built without reading the comment back: it must be what a read returns.
    expect(posted.view).toEqual(await getCommentViewAs(actor, posted.id));
    expect(posted.view).toMatchObject({ isOwn: true, canEdit: true, authorName: actor.name, status: 'PUBLISHED' });
    expect(await commentCountOf(article.id)).toBe(1);
    await post(actor, article.id);
    expect(await commentCountOf(article.id)).toBe(2);
  });

  test('keeps the Markdown source and stores sanitized HTML', async () => {
    const article = await createTestArticle();
    const actor = await createActor();
    const body = '**Strong** point, see [this](https://example.com) <script>alert(1)</script>';
    const stored = await row((await post(actor, article.id, { body })).id);
    expect(stored.body).toBe(body);
    expect(stored.bodyHtml).toContain('<strong>Strong</strong>');
    expect(stored.bodyHtml).toContain('<a href="https://example.com" rel="nofollow ugc noopener">this</a>');
    expect(stored.bodyHtml).not.toMatch(/<script/i);
    expect(stored.bodyHtml).toContain('&lt;script&gt;');
  });
});

describe('reply depth', () => {
  test('replies nest to depth 3; a reply to depth 3 sits beside it, marked "replying to"', async () => {
    const article = await createTestArticle();
    const author = await createActor({ name: 'Ada' });
    const replier = await createActor({ name: 'Grace' });

    const top = await post(author, article.id);
    const second = await post(replier, article.id, { replyToId: top.id });
    const third = await post(author, article.id, { replyToId: second.id });
    const fourth = await post(replier, article.id, { replyToId: third.id });

    expect(await row(top.id)).toMatchObject({ depth: 1, rootId: null, displayParentId: null });
    expect(await row(second.id)).toMatchObject({ depth: 2, rootId: top.id, displayParentId: top.id, replyToId: top.id });
    expect(await row(third.id)).toMatchObject({ depth: 3, rootId: top.id, displayParentId: second.id, replyToId: second.id });
    expect(await row(fourth.id)).toMatchObject({ depth: 3, rootId: top.id, displayParentId: second.id, replyToId: third.id });

    const view = async (id: string) =>
      toCommentView(await db.comment.findUniqueOrThrow({ where: { id }, select: commentViewSelect }), viewerOfActor(author), new Set());
    expect((await view(fourth.id)).replyingTo).toEqual({ id: third.id, name: 'Ada' });
    // What the poster is handed back matches what the thread reads.
    for (const [reply, by] of [
      [second, replier],
      [third, author],
      [fourth, replier],
    ] as const) {
      expect(reply.view).toEqual(await getCommentViewAs(by, reply.id));
    }
    // Shown directly under what they answer: no "replying to" marker.
    expect((await view(third.id)).replyingTo).toBeNull();
    expect((await view(second.id)).replyingTo).toBeNull();
  });

  test('every published reply at any depth counts on its top-level comment and the article', async () => {
    const article = await createTestArticle();
    const actor = await createActor();
    const top = await post(actor, article.id);
    const second = await post(actor, article.id, { replyToId: top.id });
    const third = await post(actor, article.id, { replyToId: second.id });
    await post(actor, article.id, { replyToId: third.id });
    expect((await row(top.id)).replyCount).toBe(3);
    expect((await row(second.id)).replyCount).toBe(0);
    expect(await commentCountOf(article.id)).toBe(4);
  });

  test('a reply to a comment on another article, a pending one or a deleted one is refused', async () => {
    const article = await createTestArticle();
    const elsewhere = await createTestArticle();
    const actor = await createActor();
    const foreign = await post(actor, elsewhere.id);
    await refusal(post(actor, article.id, { replyToId: foreign.id }), 'NOT_FOUND');

    const pending = await post(actor, article.id);
    await db.comment.update({ where: { id: pending.id }, data: { status: 'PENDING' } });
    await refusal(post(actor, article.id, { replyToId: pending.id }), 'NOT_FOUND');

    const deleted = await post(actor, article.id);
    await db.comment.update({ where: { id: deleted.id }, data: { deletedAt: new Date() } });
    await refusal(post(actor, article.id, { replyToId: deleted.id }), 'CONFLICT');
  });
});

describe('idempotent submissions', () => {
  test('the same idempotency key posted twice returns the first comment, replayed, and stores one row', async () => {
    const article = await createTestArticle();
    const actor = await createActor();
    const input = commentInput(article.id);
    const first = await postCommentAs(actor, input);
    await clearCommentLimits(actor.id);
    const second = await postCommentAs(actor, input);
    expect(second).toEqual({ ...first, replayed: true });
    expect(first.replayed).toBe(false);
    expect(await db.comment.count({ where: { articleId: article.id } })).toBe(1);
    expect(await commentCountOf(article.id)).toBe(1);
  });

  test('a replay is answered even while the author is rate limited (a retried request is not a new comment)', async () => {
    const article = await createTestArticle();
    const actor = await createActor({ established: false });
    const input = commentInput(article.id);
    const first = await postCommentAs(actor, input);
    expect(await postCommentAs(actor, input)).toEqual({ ...first, replayed: true });
  });

  test.each([2, 3, 5])('%i identical submissions at once make exactly one comment and all answer with its id', async (copies) => {
    const article = await createTestArticle();
    const actor = await createActor();
    const input = commentInput(article.id);
    const results = await Promise.allSettled(Array.from({ length: copies }, () => postCommentAs(actor, input)));
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(rejected.map((result) => String(result.reason))).toEqual([]);
    const answers = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const rows = await db.comment.findMany({ where: { articleId: article.id } });
    expect(rows).toHaveLength(1);
    expect(new Set(answers.map((answer) => answer.id))).toEqual(new Set([rows[0]?.id]));
    expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
    expect(await commentCountOf(article.id)).toBe(1);
  });

  test('identical concurrent replies bump the top-level reply count once', async () => {
    const article = await createTestArticle();
    const actor = await createActor();
    const top = await post(actor, article.id);
    await clearCommentLimits(actor.id);
    const input = commentInput(article.id, { replyToId: top.id });
    await Promise.all(Array.from({ length: 4 }, () => postCommentAs(actor, input)));
    expect((await row(top.id)).replyCount).toBe(1);
    expect(await commentCountOf(article.id)).toBe(2);
  });
});

describe('rate limits and repeats', () => {
  test('the rules: established accounts 1 per 10 s and 30 an hour, new accounts 1 per 30 s and 10 an hour', () => {
    const now = Date.now();
    expect(commentRulesFor(new Date(now - 2 * 86_400_000), now)).toEqual({
      burst: { limit: 1, windowSeconds: 10 },
      hourly: { limit: 30, windowSeconds: 3600 },
    });
    expect(commentRulesFor(new Date(now - 3_600_000), now)).toEqual({
      burst: { limit: 1, windowSeconds: 30 },
      hourly: { limit: 10, windowSeconds: 3600 },
    });
  });

  test('a second comment within 10 seconds from an established account is refused with the wait, and not stored', async () => {
    const article = await createTestArticle();
    const actor = await createActor();
    await post(actor, article.id);
    const error = await refusal(postCommentAs(actor, commentInput(article.id)), 'RATE_LIMITED');
    expect(error.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.details.retryAfterSeconds).toBeLessThanOrEqual(10);
    expect(error.message).toMatch(/posting too quickly\. Your text is kept: post it again in \d+ seconds?\./);
    expect(await db.comment.count({ where: { articleId: article.id } })).toBe(1);
    expect(await commentCountOf(article.id)).toBe(1);
  });

  test('an account younger than a day waits up to 30 seconds between comments', async () => {
    const article = await createTestArticle();
    const actor = await createActor({ established: false });
    await post(actor, article.id);
    const error = await refusal(postCommentAs(actor, commentInput(article.id)), 'RATE_LIMITED');
    expect(error.details.retryAfterSeconds).toBeGreaterThan(10);
    expect(error.details.retryAfterSeconds).toBeLessThanOrEqual(30);
  });

  test('an account younger than a day may post 10 comments an hour; an established one more', async () => {
    const article = await createTestArticle();
    const young = await createActor({ established: false });
    const old = await createActor();
    const clearBurst = (userId: string) => db.rateLimitBucket.deleteMany({ where: { key: `comment:burst:${userId}` } });
    for (let i = 0; i < 10; i++) {
      await clearBurst(young.id);
      await postCommentAs(young, commentInput(article.id));
      await clearBurst(old.id);
      await postCommentAs(old, commentInput(article.id));
    }
    await clearBurst(young.id);
    const error = await refusal(postCommentAs(young, commentInput(article.id)), 'RATE_LIMITED');
    expect(error.message).toMatch(/posted 10 comments in the last hour/);
    expect(error.details.retryAfterSeconds).toBeGreaterThan(3000);
    await clearBurst(old.id);
    expect((await postCommentAs(old, commentInput(article.id))).status).toBe('PUBLISHED');
  });

  test('the same text twice within 10 minutes is refused as a CONFLICT on the body field', async () => {
    const article = await createTestArticle();
    const actor = await createActor();
    const body = `I said this already ${randomUUID()}`;
    await post(actor, article.id, { body });
    const error = await refusal(post(actor, article.id, { body }), 'CONFLICT');
    expect(error.details.fieldErrors?.body?.[0]).toMatch(/already posted this exact text/);
    // Also on another article: it is the author's repeat, wherever it lands.
    const other = await createTestArticle();
    await refusal(post(actor, other.id, { body }), 'CONFLICT');
    expect(await db.comment.count({ where: { authorId: actor.id } })).toBe(1);
  });

  test('the same text is accepted again once the first is older than 10 minutes, or deleted', async () => {
    const article = await createTestArticle();
    const actor = await createActor();
    const body = `Worth repeating ${randomUUID()}`;
    const first = await post(actor, article.id, { body });
    await db.comment.update({ where: { id: first.id }, data: { createdAt: new Date(Date.now() - 11 * 60_000) } });
    const second = await post(actor, article.id, { body });
    expect(second.replayed).toBe(false);
    await db.comment.update({ where: { id: second.id }, data: { deletedAt: new Date() } });
    expect((await post(actor, article.id, { body })).replayed).toBe(false);
  });

  test('a refused comment sends no rate-limit charge for a different author', async () => {
    const article = await createTestArticle();
    const a = await createActor();
    const b = await createActor();
    await post(a, article.id);
    await refusal(postCommentAs(a, commentInput(article.id)), 'RATE_LIMITED');
    expect((await postCommentAs(b, commentInput(article.id))).status).toBe('PUBLISHED');
  });
});

describe('an overloaded server', () => {
  test('a post whose request waited too long before its transaction is refused as too busy (a 503), stores nothing, and posts once retried', async () => {
    const article = await createTestArticle();
    const actor = await createActor();
    const input = commentInput(article.id);
    const error = await inRequestScope(async (scope) => {
      // Four seconds spent queueing before the post reached its transaction.
      await new Promise((resolve) => setTimeout(resolve, 4_100));
      const refused = await refusal(postCommentAs(actor, input), 'UNAVAILABLE');
      expect(scope.startedAt).toBeLessThan(performance.now() - 4_000);
      return refused;
    });
    expect(error.message).toBe('We are very busy just now. Nothing you entered is lost: try again in a few seconds.');
    expect(error.details.retryAfterSeconds).toBe(5);
    expect(await db.comment.count({ where: { articleId: article.id } })).toBe(0);
    // The retry (same idempotency key, a fresh request) posts it.
    expect((await postCommentAs(actor, input)).status).toBe('PUBLISHED');
    expect(await db.comment.count({ where: { articleId: article.id } })).toBe(1);
  });
});
