// Turns an article's Markdown file (front matter + body) into what the database stores.
// `## Heading` opens a section, `### Heading` a sub-section of it; everything is
// paragraphs. Anything else (raw HTML, images, tables, deeper headings) is refused
// with the line it was found on, so a bad import fails loudly instead of
// publishing half an article.
import { createHash } from 'node:crypto';
import matter from 'gray-matter';
import { Lexer, type Token, type Tokens } from 'marked';
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { ArticleBody, ArticleParagraph, ArticleSection, ArticleSubsection } from './article-body';
import { articleFrontMatterSchema, type ArticleFrontMatter } from './schema';

const WORDS_PER_MINUTE = 230;

export type ParsedArticle = ArticleFrontMatter & {
  body: ArticleBody;
  wordCount: number;
  readingMinutes: number;
  contentHash: string;
};

export class ArticleFormatError extends Error {
  override name = 'ArticleFormatError';
}

/** "Moscow's Delicate Dance" -> "moscows-delicate-dance" */
export function anchorFor(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function plainText(tokens: Token[] | undefined, fallback: string): string {
  if (!tokens) return fallback;
  return tokens.map((token) => ('tokens' in token && token.tokens ? plainText(token.tokens, '') : 'text' in token ? (token.text as string) : '')).join('');
}

/** Inline tokens an article may not carry: images and raw HTML would be dropped or unsafe. */
function forbiddenInline(tokens: Token[] | undefined): string | null {
  for (const token of tokens ?? []) {
    if (token.type === 'image') return 'images';
    if (token.type === 'html') return 'raw HTML';
    const nested = 'tokens' in token ? forbiddenInline(token.tokens) : null;
    if (nested) return nested;
  }
  return null;
}

function renderInline(markdown: string): string {
  const html = marked.parseInline(markdown, { async: false });
  return sanitizeHtml(html, {
    allowedTags: ['a', 'em', 'strong', 'code', 'br'],
    allowedAttributes: { a: ['href'] },
    allowedSchemes: ['http', 'https', 'mailto'],
  });
}

function lineOf(source: string, raw: string): number {
  const at = source.indexOf(raw);
  return at < 0 ? 0 : source.slice(0, at).split('\n').length;
}

export function parseArticleMarkdown(source: string, fileName = 'article'): ParsedArticle {
  const { data, content } = matter(source);
  const frontMatter = articleFrontMatterSchema.safeParse(data);
  if (!frontMatter.success) {
    const problems = frontMatter.error.issues.map((issue) => `${issue.path.join('.') || 'front matter'}: ${issue.message}`);
    throw new ArticleFormatError(`${fileName}: bad front matter: ${problems.join('; ')}`);
  }

  const body: ArticleBody = { intro: [], sections: [] };
  const usedAnchors = new Set<string>();
  let section: ArticleSection | undefined;
  let subsection: ArticleSubsection | undefined;

  const uniqueAnchor = (title: string) => {
    const base = anchorFor(title) || 'section';
    let anchor = base;
    for (let n = 2; usedAnchors.has(anchor); n++) anchor = `${base}-${n}`;
    usedAnchors.add(anchor);
    return anchor;
  };

  for (const token of new Lexer().lex(content)) {
    const where = () => `${fileName}, line ${lineOf(content, token.raw)}`;
    if (token.type === 'space') continue;
    if (token.type === 'heading') {
      const heading = token as Tokens.Heading;
      const title = plainText(heading.tokens, heading.text).trim();
      if (heading.depth === 2) {
        section = { id: uniqueAnchor(title), title, paragraphs: [], subsections: [] };
        subsection = undefined;
        body.sections.push(section);
      } else if (heading.depth === 3) {
        if (!section) throw new ArticleFormatError(`${where()}: sub-heading "${title}" comes before any ## section.`);
        subsection = { id: uniqueAnchor(title), title, paragraphs: [] };
        section.subsections.push(subsection);
      } else {
        throw new ArticleFormatError(`${where()}: only ## sections and ### sub-sections are allowed (the title comes from front matter).`);
      }
      continue;
    }
    if (token.type === 'paragraph') {
      const paragraph = token as Tokens.Paragraph;
      const forbidden = forbiddenInline(paragraph.tokens);
      if (forbidden) throw new ArticleFormatError(`${where()}: ${forbidden} are not supported in articles; write text and links.`);
      const text = plainText(paragraph.tokens, paragraph.text).trim();
      const owner = subsection ?? section;
      const list = owner ? owner.paragraphs : body.intro;
      const entry: ArticleParagraph = {
        id: `${owner?.id ?? 'intro'}-p${list.length + 1}`,
        text,
        html: renderInline(paragraph.text),
      };
      list.push(entry);
      continue;
    }
    throw new ArticleFormatError(`${where()}: ${token.type} blocks are not supported in articles; write paragraphs and headings.`);
  }

  if (body.sections.length === 0 && body.intro.length === 0) {
    throw new ArticleFormatError(`${fileName}: the article has no text.`);
  }

  const allText = [
    ...body.intro.map((p) => p.text),
    ...body.sections.flatMap((s) => [
      s.title,
      ...s.paragraphs.map((p) => p.text),
      ...s.subsections.flatMap((sub) => [sub.title, ...sub.paragraphs.map((p) => p.text)]),
    ]),
  ].join(' ');
  const wordCount = allText.split(/\s+/).filter(Boolean).length;

  return {
    ...frontMatter.data,
    body,
    wordCount,
    readingMinutes: Math.max(1, Math.round(wordCount / WORDS_PER_MINUTE)),
    contentHash: createHash('sha256').update(source).digest('hex'),
  };
}
