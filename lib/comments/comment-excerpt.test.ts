// A comment's opening words as plain text: what a reader sees of the Markdown,
// never markup, cut on a word near 100 characters.
import { describe, expect, test } from 'vitest';
import { commentExcerpt } from './comment-excerpt';

describe('commentExcerpt', () => {
  test('Markdown reads as its text: emphasis, links (their text, not the address), code, quotes, lists', () => {
    expect(commentExcerpt('A **bold** and *quiet* un**believ**able claim')).toBe('A bold and quiet unbelievable claim');
    expect(commentExcerpt('See [the report](https://example.com/r) and `a<b`')).toBe('See the report and a<b');
    expect(commentExcerpt('> quoted line\n\nMy answer:\n\n- one\n- two')).toBe('quoted line My answer: one two');
    expect(commentExcerpt('Escaped \\*stars\\* stay')).toBe('Escaped *stars* stay');
  });

  test('raw HTML stays text (React escapes it), as the thread shows it', () => {
    expect(commentExcerpt('<script>alert(1)</script> hello')).toBe('<script>alert(1)</script> hello');
    expect(commentExcerpt('<b>bold?</b> & more')).toBe('<b>bold?</b> & more');
  });

  test('line breaks, tabs and control characters become single spaces', () => {
    expect(commentExcerpt('one\ntwo\r\n\r\n\tthree\u0007four')).toBe('one two three four');
  });

  test('long text is cut at a word boundary with an ellipsis; short text is whole', () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const excerpt = commentExcerpt(words);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(Array.from(excerpt).length).toBeLessThanOrEqual(101);
    expect(words.startsWith(excerpt.slice(0, -1))).toBe(true);
    expect(words.charAt(excerpt.length - 1)).toBe(' ');
    expect(commentExcerpt('Short.')).toBe('Short.');
  });

  test('one very long word is cut inside it; astral characters are never split', () => {
    expect(commentExcerpt('a'.repeat(300))).toBe(`${'a'.repeat(100)}…`);
    const emoji = '😀'.repeat(150);
    expect(commentExcerpt(emoji)).toBe(`${'😀'.repeat(100)}…`);
  });

  test('an erased comment (its author deleted the account) is empty', () => {
    expect(commentExcerpt('')).toBe('');
    expect(commentExcerpt('   \n ')).toBe('');
  });
});
