// Banned and suspect words. Matching is case-insensitive, on word boundaries,
// after Unicode NFKC normalisation, with accents removed, common look-alike
// characters (Cyrillic/Greek letters, digits and symbols used as letters)
// mapped to Latin, and single characters separated by dots, dashes, spaces or
// similar ("b.a.d", "b a d") joined back together. Phrases are allowed.

const confusables: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ς: 's',
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '@': 'a',
  $: 's',
  '|': 'l',
  '€': 'e',
};

function foldCharacters(text: string): string {
  return [...text.normalize('NFKC').toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '')].map((char) => confusables[char] ?? char).join('');
}

/** Words of the text, folded, joined by single spaces. */
function words(folded: string): string {
  return folded.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** The same, with runs of single characters ("b a d") joined into one word ("bad"). */
function joinSpelledOut(spaced: string): string {
  // Not \b: in JavaScript it knows only ASCII word characters, so runs of other
  // letters ("д у р а", "ł a j d a k") were never joined.
  return spaced.replace(/(?<![\p{L}\p{N}])(?:\p{L} ){2,}\p{L}(?![\p{L}\p{N}])/gu, (run) => run.replace(/ /g, ''));
}

export function normalizeTerm(term: string): string {
  return words(foldCharacters(term));
}

/** The first listed term that occurs in the text, or null. */
export function findListedTerm(text: string, terms: readonly string[]): string | null {
  if (terms.length === 0) return null;
  // Symbols such as @ and $ stand for letters: fold before splitting into words.
  const spaced = ` ${words(foldCharacters(text))} `;
  const candidates = [spaced, ` ${joinSpelledOut(spaced.trim())} `];
  for (const term of terms) {
    const normalized = normalizeTerm(term);
    if (!normalized) continue;
    if (candidates.some((candidate) => candidate.includes(` ${normalized} `))) return term;
  }
  return null;
}

/** A policy's word list from a textarea: one term per line or comma, trimmed, de-duplicated. */
export function parseTermList(input: string): string[] {
  return [
    ...new Set(
      input
        .split(/[\n,]/)
        .map((term) => term.trim())
        .filter(Boolean),
    ),
  ].slice(0, 500);
}
