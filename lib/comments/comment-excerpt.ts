// The opening words of a comment as plain text, for lists that name a comment
// without showing it (the audit log). Read from the Markdown source through
// marked's lexer rather than by stripping tags from the stored HTML: the
// tokens give the text a reader sees (link text, not the address; no `**`),
// with nothing HTML-escaped that would then need decoding. The result is text
// for React to escape, never markup.
import { Lexer, type Token } from 'marked';

export const EXCERPT_LENGTH = 100;

type TokenLike = Token & { tokens?: Token[]; items?: Token[]; text?: string };

// Inline runs join their neighbours ("un**believ**able" is one word); blocks are separated by a space.
const inline = new Set(['strong', 'em', 'del', 'link', 'codespan', 'escape', 'image']);

function textOf(tokens: readonly Token[]): string {
  return tokens
    .map((token) => {
      const node = token as TokenLike;
      if (node.type === 'space' || node.type === 'hr' || node.type === 'br') return ' ';
      if (node.items) return textOf(node.items);
      if (node.tokens && node.tokens.length > 0) return inline.has(node.type) ? textOf(node.tokens) : ` ${textOf(node.tokens)} `;
      return node.text ?? node.raw ?? '';
    })
    .join('');
}

/** Up to `length` characters of the comment's text, whole words, with "…" when cut. */
export function commentExcerpt(markdown: string, length = EXCERPT_LENGTH): string {
  let text: string;
  try {
    text = textOf(new Lexer({ gfm: true, breaks: true }).lex(markdown));
  } catch {
    // marked does not throw on any input we know of; if it ever does, the source still reads.
    text = markdown;
  }
  // One space for any run of whitespace or control characters.
  const flat = text.replace(/[\p{Cc}\s]+/gu, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= length) return flat;
  const cut = chars.slice(0, length).join('');
  const lastSpace = cut.lastIndexOf(' ');
  // A single very long word is cut mid-word rather than dropped.
  return `${(lastSpace > length / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,.;:]+$/u, '')}…`;
}
