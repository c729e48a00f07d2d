import { describe, expect, test } from 'vitest';
import { findListedTerm, normalizeTerm, parseTermList } from './word-filter';

describe('finding a listed term in a comment', () => {
  const terms = ['bad', 'go away'];

  test.each([
    ['plain', 'This is bad.'],
    ['upper case', 'This is BAD'],
    ['mixed case', 'BaD idea'],
    ['at the start and end', 'bad'],
    ['fullwidth letters (NFKC)', 'This is ｂａｄ'],
    ['Cyrillic look-alike а', 'This is b\u0430d'],
    ['Greek look-alike α', 'This is b\u03b1d'],
    ['accents', 'This is bád'],
    ['combining accent', 'This is ba\u0301d'],
    ['leetspeak digit', 'This is b4d'],
    ['leetspeak digits', 'This is 84d'],
    ['symbol for a letter', 'This is b@d'],
    ['dots between letters', 'This is b.a.d!'],
    ['spaces between letters', 'This is b a d'],
    ['dashes between letters', 'This is b-a-d'],
    ['underscores between letters', 'This is b_a_d'],
    ['in punctuation', '(bad)'],
  ])('matches %s', (_, text) => {
    expect(findListedTerm(text, terms)).toBe('bad');
  });

  test.each([
    ['inside a longer word', 'We played badminton.'],
    ['as a prefix', 'badge'],
    ['as a suffix', 'sinbad'],
    ['a different word', 'This is bed'],
    ['nothing listed', 'All good here'],
  ])('does not match %s', (_, text) => {
    expect(findListedTerm(text, terms)).toBeNull();
  });

  test('phrases match across whitespace and punctuation, but not as part of other words', () => {
    expect(findListedTerm('Just GO   AWAY!', terms)).toBe('go away');
    expect(findListedTerm('go-away', terms)).toBe('go away');
    expect(findListedTerm('goaway', terms)).toBeNull();
    expect(findListedTerm('go aways', terms)).toBeNull();
    expect(findListedTerm('go, then stay away', terms)).toBeNull();
  });

  test('spelled-out letters are joined for any alphabet, not only ASCII', () => {
    expect(findListedTerm('ты д у р а', ['дура'])).toBe('дура');
    expect(findListedTerm('ty д.у.р.а!', ['дура'])).toBe('дура');
    expect(findListedTerm('ł-a-j-d-a-k', ['łajdak'])).toBe('łajdak');
    // Still whole words only.
    expect(findListedTerm('д у р а к', ['дура'])).toBeNull();
  });

  test('returns the term as listed, the first that occurs', () => {
    expect(findListedTerm('so bad, go away', ['Go Away', 'BAD'])).toBe('Go Away');
    expect(findListedTerm('x', [])).toBeNull();
    // A term that normalises to nothing never matches everything.
    expect(findListedTerm('anything at all', ['...', ' '])).toBeNull();
  });

  test('listed terms are folded like the text', () => {
    expect(normalizeTerm('  ＢÁＤ ')).toBe('bad');
    expect(findListedTerm('a scam', ['ѕсаm'])).toBe('ѕсаm');
  });
});

describe('a policy word list from the form', () => {
  test('one term per line or comma, trimmed and de-duplicated', () => {
    expect(parseTermList('bad\n  worse ,bad,\n\n go away ')).toEqual(['bad', 'worse', 'go away']);
  });

  test('keeps at most 500 terms', () => {
    expect(parseTermList(Array.from({ length: 600 }, (_, i) => `t${i}`).join('\n'))).toHaveLength(500);
  });
});
