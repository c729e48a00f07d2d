// The moderation policy as a reader meets it: through postCommentAs, against
// the real policy row. Each test sets the site policy it needs; afterEach puts
// the migration's policy back for the other files.
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { createActor, createTestArticle, post, refusal } from '@/lib/comments/test-fixtures';
import { db } from '@/lib/db';
import { moderateCommentAs } from './moderate-comment';
import { createModerator, DAY_MS, resetPolicy, setPolicy } from './test-fixtures';

afterEach(() => resetPolicy());
afterAll(async () => {
  await resetPolicy();
  await db.$disconnect();
});

const stored = (authorId: string) => db.comment.findMany({ where: { authorId }, select: { status: true } });

describe('pre-moderation', () => {
  test('NONE publishes at once and counts the comment', async () => {
    await setPolicy({ preModeration: 'NONE' });
    const article = await createTestArticle();
    const reader = await createActor();
    expect((await post(reader, article.id)).status).toBe('PUBLISHED');
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).commentCount).toBe(1);
  });

  test('ALL holds every comment as PENDING, uncounted', async () => {
    await setPolicy({ preModeration: 'ALL' });
    const article = await createTestArticle();
    const reader = await createActor();
    expect((await post(reader, article.id)).status).toBe('PENDING');
    expect((await post(reader, article.id)).status).toBe('PENDING');
    expect(await stored(reader.id)).toEqual([{ status: 'PENDING' }, { status: 'PENDING' }]);
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).commentCount).toBe(0);
  });

  test('FIRST_COMMENTS holds a new commenter until they have the threshold of approved comments', async () => {
    await setPolicy({ preModeration: 'FIRST_COMMENTS', firstCommentsThreshold: 2 });
    const article = await createTestArticle();
    const reader = await createActor();
    const moderator = await createModerator();
    const first = await post(reader, article.id);
    expect(first.status).toBe('PENDING');
    // Still held while the first waits: held comments are not approved ones.
    const second = await post(reader, article.id);
    expect(second.status).toBe('PENDING');
    await moderateCommentAs(moderator, first.id, { kind: 'approve' });
    expect((await post(reader, article.id)).status).toBe('PENDING');
    await moderateCommentAs(moderator, second.id, { kind: 'approve' });
    expect((await post(reader, article.id)).status).toBe('PUBLISHED');
    // Another newcomer is still held.
    expect((await post(await createActor(), article.id)).status).toBe('PENDING');
  });

  test('FIRST_COMMENTS does not count rejected comments as approved', async () => {
    await setPolicy({ preModeration: 'FIRST_COMMENTS', firstCommentsThreshold: 1 });
    const article = await createTestArticle();
    const reader = await createActor();
    const moderator = await createModerator();
    const first = await post(reader, article.id);
    await moderateCommentAs(moderator, first.id, { kind: 'reject', reason: 'SPAM' });
    expect((await post(reader, article.id)).status).toBe('PENDING');
  });

  test.each([
    ['an https link', 'Read https://example.com/x first', 'PENDING'],
    ['an http link', 'See http://example.com', 'PENDING'],
    ['a www address', 'Go to www.example.com today', 'PENDING'],
    ['a Markdown link', 'See [this](https://example.com)', 'PENDING'],
    ['no link', 'A thought with no address in it', 'PUBLISHED'],
    ['a word merely containing http', 'The httpd daemon and wwwhat', 'PUBLISHED'],
  ] as const)('LINKS: a comment with %s is %s', async (_, body, expected) => {
    await setPolicy({ preModeration: 'LINKS' });
    const article = await createTestArticle();
    const reader = await createActor();
    expect((await post(reader, article.id, { body })).status).toBe(expected);
  });

  test('an article’s own pre-moderation beats the site’s, either way; null follows the site', async () => {
    const reader = await createActor();
    await setPolicy({ preModeration: 'ALL' });
    expect((await post(reader, (await createTestArticle({ preModeration: 'NONE' })).id)).status).toBe('PUBLISHED');
    expect((await post(reader, (await createTestArticle({ preModeration: null })).id)).status).toBe('PENDING');
    await setPolicy({ preModeration: 'NONE' });
    expect((await post(reader, (await createTestArticle({ preModeration: 'ALL' })).id)).status).toBe('PENDING');
    expect((await post(reader, (await createTestArticle({ preModeration: 'LINKS' })).id, { body: 'www.example.com' })).status).toBe('PENDING');
    expect((await post(reader, (await createTestArticle({ preModeration: null })).id)).status).toBe('PUBLISHED');
  });

  test('a PREMODERATE user is always held, even where the site publishes at once', async () => {
    await setPolicy({ preModeration: 'NONE' });
    const reader = await createActor({ moderationMode: 'PREMODERATE' });
    expect((await post(reader, (await createTestArticle()).id)).status).toBe('PENDING');
    expect((await post(reader, (await createTestArticle({ preModeration: 'NONE' })).id)).status).toBe('PENDING');
  });

  test('a TRUSTED user skips pre-moderation', async () => {
    await setPolicy({ preModeration: 'ALL' });
    const reader = await createActor({ moderationMode: 'TRUSTED' });
    expect((await post(reader, (await createTestArticle()).id)).status).toBe('PUBLISHED');
    expect((await post(reader, (await createTestArticle({ preModeration: 'LINKS' })).id, { body: 'https://example.com' })).status).toBe('PUBLISHED');
  });
});

describe('banned and suspect words', () => {
  test('a banned word refuses the comment at once, naming the word, and stores nothing', async () => {
    await setPolicy({ bannedWords: ['scumbag'] });
    const article = await createTestArticle();
    const reader = await createActor();
    const error = await refusal(post(reader, article.id, { body: 'You are a SCUMBAG, sir.' }), 'INVALID_INPUT');
    expect(error.message).toContain('“scumbag”');
    expect(error.details.fieldErrors?.body?.[0]).toContain('scumbag');
    expect(await stored(reader.id)).toEqual([]);
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).commentCount).toBe(0);
  });

  test('a banned word refuses even a trusted user’s comment', async () => {
    await setPolicy({ bannedWords: ['scumbag'] });
    const reader = await createActor({ moderationMode: 'TRUSTED' });
    await refusal(post(reader, (await createTestArticle()).id, { body: 's.c.u.m.b.a.g' }), 'INVALID_INPUT');
    expect(await stored(reader.id)).toEqual([]);
  });

  test('a banned word inside a longer word is allowed', async () => {
    await setPolicy({ bannedWords: ['bad'] });
    const reader = await createActor();
    expect((await post(reader, (await createTestArticle()).id, { body: 'Badminton tonight?' })).status).toBe('PUBLISHED');
  });

  test.each([
    ['look-alike letters', 'That is b\u0430d'],
    ['fullwidth letters', 'That is ｂａｄ'],
    ['leetspeak', 'That is b4d'],
    ['separators', 'That is b-a-d'],
  ])('a banned word spelled with %s is refused', async (_, body) => {
    await setPolicy({ bannedWords: ['bad'] });
    const reader = await createActor();
    await refusal(post(reader, (await createTestArticle()).id, { body }), 'INVALID_INPUT');
    expect(await stored(reader.id)).toEqual([]);
  });

  test('a suspect word holds the comment, even from a trusted user; a banned phrase is refused', async () => {
    await setPolicy({ suspectWords: ['crypto'], bannedWords: ['buy now'] });
    const article = await createTestArticle();
    expect((await post(await createActor(), article.id, { body: 'Is CRYPTO the answer?' })).status).toBe('PENDING');
    expect((await post(await createActor({ moderationMode: 'TRUSTED' }), article.id, { body: 'c r y p t o' })).status).toBe('PENDING');
    expect((await post(await createActor(), article.id, { body: 'Cryptography is fine' })).status).toBe('PUBLISHED');
    const error = await refusal(post(await createActor(), article.id, { body: 'Buy   now!' }), 'INVALID_INPUT');
    expect(error.message).toContain('buy now');
  });
});

describe('auto-close', () => {
  test('an article older than autoCloseDays refuses new comments', async () => {
    await setPolicy({ autoCloseDays: 30 });
    const old = await createTestArticle({ publishedAt: new Date(Date.now() - 31 * DAY_MS), createdAt: new Date(Date.now() - 31 * DAY_MS) });
    const reader = await createActor();
    const error = await refusal(post(reader, old.id), 'FORBIDDEN');
    expect(error.message).toMatch(/Comments are closed/);
    expect(await stored(reader.id)).toEqual([]);
  });

  test('an article without a publication date closes by when it was added', async () => {
    await setPolicy({ autoCloseDays: 7 });
    const old = await createTestArticle({ publishedAt: null, createdAt: new Date(Date.now() - 8 * DAY_MS) });
    await refusal(post(await createActor(), old.id), 'FORBIDDEN');
  });

  test('a newer article still takes comments', async () => {
    await setPolicy({ autoCloseDays: 30 });
    const recent = await createTestArticle({ publishedAt: new Date(Date.now() - 29 * DAY_MS), createdAt: new Date(Date.now() - 29 * DAY_MS) });
    expect((await post(await createActor(), recent.id)).status).toBe('PUBLISHED');
  });

  test('null means never', async () => {
    await setPolicy({ autoCloseDays: null });
    const ancient = await createTestArticle({ publishedAt: new Date(Date.now() - 3650 * DAY_MS), createdAt: new Date(Date.now() - 3650 * DAY_MS) });
    expect((await post(await createActor(), ancient.id)).status).toBe('PUBLISHED');
  });
});
