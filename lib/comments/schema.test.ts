import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { commentLength } from './limits';
import { COMMENT_MAX, commentBodySchema, linkedCommentIdSchema, postCommentSchema, reportCommentSchema, reportReasons, threadQuerySchema } from './schema';

const bodyErrors = (body: unknown) => {
  const result = commentBodySchema.safeParse(body);
  return result.success ? null : result.error.issues.map((issue) => issue.message);
};

describe('comment body validation', () => {
  test.each([
    ['empty', ''],
    ['spaces only', '   '],
    ['blank lines and tabs', '\n\t\r\n  \n'],
  ])('an %s body is refused with "Write your comment first."', (_case, body) => {
    expect(bodyErrors(body)).toEqual(['Write your comment first.']);
  });

  test('a missing body is refused, not crashed on', () => {
    expect(bodyErrors(undefined)).toEqual(['Write your comment first.']);
  });

  test(`${COMMENT_MAX.toLocaleString('en-US')} characters after trimming are accepted; the surrounding whitespace does not count`, () => {
    const body = 'a'.repeat(COMMENT_MAX);
    expect(commentBodySchema.parse(`  \n${body}\n  `)).toBe(body);
  });

  test(`${(COMMENT_MAX + 1).toLocaleString('en-US')} characters are refused with the limit in words`, () => {
    expect(bodyErrors('a'.repeat(COMMENT_MAX + 1))).toEqual(['Comments are at most 5,000 characters.']);
  });

  test(`${COMMENT_MAX.toLocaleString('en-US')} emoji are accepted: the limit counts characters, as the composer's counter does, not UTF-16 units`, () => {
    const body = '👏'.repeat(COMMENT_MAX);
    expect(commentLength(body)).toBe(COMMENT_MAX);
    expect(commentBodySchema.parse(body)).toBe(body);
    expect(bodyErrors(`${body}👏`)).toEqual(['Comments are at most 5,000 characters.']);
  });

  test('a decomposed accent counts once, as stored (NFC)', () => {
    expect(commentLength('e\u0301'.repeat(COMMENT_MAX))).toBe(COMMENT_MAX);
    expect(bodyErrors('e\u0301'.repeat(COMMENT_MAX))).toBeNull();
  });

  test('a megabyte is refused with the same message', () => {
    expect(bodyErrors('a'.repeat(1024 * 1024))).toEqual(['Comments are at most 5,000 characters.']);
  });

  test('a NUL character is refused with a message that names it', () => {
    expect(bodyErrors('before\u0000after')).toEqual(['Your comment contains a NUL character, which cannot be stored. Remove it and try again.']);
  });

  test.each([
    ['a lone high surrogate', 'broken \uD800 text'],
    ['a lone low surrogate', 'broken \uDC00 text'],
    ['a reversed pair', 'x\uDE00\uD83Dy'],
  ])('%s (invalid Unicode) is refused with a message that says so', (_case, body) => {
    expect(bodyErrors(body)).toEqual(['Your comment contains invalid Unicode (a broken character). Retype or remove it and try again.']);
  });

  test('a valid surrogate pair (emoji) is kept', () => {
    expect(commentBodySchema.parse('Well said 👏')).toBe('Well said 👏');
  });

  test('Windows line endings become \\n and text is NFC-normalised, so duplicates compare equal', () => {
    expect(commentBodySchema.parse('line one\r\nline two\rline three')).toBe('line one\nline two\nline three');
    expect(commentBodySchema.parse('Cafe\u0301')).toBe('Caf\u00e9');
  });
});

describe('post comment input', () => {
  const valid = { articleId: randomUUID(), body: 'Hello', idempotencyKey: randomUUID() };

  test('an empty replyToId and quotedParagraphId (as a form sends them) mean none', () => {
    const parsed = postCommentSchema.parse({ ...valid, replyToId: '', quotedParagraphId: '' });
    expect(parsed.replyToId).toBeUndefined();
    expect(parsed.quotedParagraphId).toBeUndefined();
  });

  test('a missing or malformed idempotency key is refused with "reload" advice', () => {
    const result = postCommentSchema.safeParse({ ...valid, idempotencyKey: 'not-a-uuid' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/Reload the page/);
  });

  test('a quoted paragraph id outside [a-z0-9-] is refused', () => {
    expect(postCommentSchema.safeParse({ ...valid, quotedParagraphId: '<script>' }).success).toBe(false);
  });
});

describe('report input', () => {
  const commentId = randomUUID();

  test.each(reportReasons.filter((reason) => reason !== 'OTHER'))('reason %s needs no note', (reason) => {
    expect(reportCommentSchema.parse({ commentId, reason })).toEqual({ commentId, reason, note: undefined });
  });

  test('OTHER without a note (or with only spaces) is refused on the note field', () => {
    for (const note of [undefined, '', '   ']) {
      const result = reportCommentSchema.safeParse({ commentId, reason: 'OTHER', note });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['note']);
      expect(result.error?.issues[0]?.message).toMatch(/Tell us what is wrong/);
    }
  });

  test('OTHER with a note is accepted, trimmed', () => {
    expect(reportCommentSchema.parse({ commentId, reason: 'OTHER', note: '  Impersonates the author  ' }).note).toBe('Impersonates the author');
  });

  test('an unknown reason and a note over 500 characters are refused', () => {
    expect(reportCommentSchema.safeParse({ commentId, reason: 'BORING' }).success).toBe(false);
    expect(reportCommentSchema.safeParse({ commentId, reason: 'SPAM', note: 'x'.repeat(501) }).success).toBe(false);
  });
});

describe('thread query', () => {
  test('an unknown sort falls back to best rather than failing', () => {
    expect(threadQuerySchema.parse({ sort: 'loudest' }).sort).toBe('best');
  });
});

describe('?comment= on the article page', () => {
  // Each passed the page's old /^[0-9a-f-]{36}$/ or would reach PostgreSQL's uuid parser otherwise: a 500.
  test.each([
    ['36 dashes', '-'.repeat(36)],
    ['36 hex digits without dashes', 'a'.repeat(36)],
    ['dashes in the wrong places', 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaa-'],
    ['36 letters beyond f', 'z'.repeat(36)],
    ['a UUID with a trailing character', `${randomUUID()}x`],
    ['a repeated parameter (an array)', [randomUUID(), randomUUID()]],
  ])('%s is ignored', (_case, value) => {
    expect(linkedCommentIdSchema.parse(value)).toBeUndefined();
  });

  test('a comment id is kept', () => {
    const id = randomUUID();
    expect(linkedCommentIdSchema.parse(id)).toBe(id);
    expect(linkedCommentIdSchema.parse(undefined)).toBeUndefined();
  });
});
