// Comment Markdown: paragraphs, bold, italic, links, block quotes, lists and
// inline code. The source is stored; this HTML is made on the server, then
// sanitized with an allow-list, so whatever a reader types cannot run.
import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { mentionKey } from '@/lib/notifications/mentions';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

// The links of the mentions in the comment being rendered (lib/notifications/mentions.ts).
// Parsing is synchronous, so the one parse in progress is the one they belong to.
let mentionLinks: ReadonlyMap<string, string> = new Map();

type MentionToken = Tokens.Generic & { name: string };

// Outside the subset, blocks fall back to plain text rather than disappearing.
const marked = new Marked({
  extensions: [
    {
      name: 'mention',
      level: 'inline',
      start: (src: string) => src.indexOf('@['),
      tokenizer(src: string) {
        const match = /^@\[([^[\]\n]{1,50})\]/.exec(src);
        return match ? { type: 'mention', raw: match[0], name: match[1] ?? '' } : undefined;
      },
      // A mention of someone in the thread links to their latest comment there; any other stays text.
      renderer(token) {
        const { name } = token as MentionToken;
        const href = mentionLinks.get(mentionKey(name));
        const text = escapeHtml(`@${name.trim()}`);
        return href ? `<a href="${escapeHtml(href)}" class="mention">${text}</a>` : text;
      },
    },
  ],
  gfm: true,
  breaks: true,
  renderer: {
    html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
    heading({ tokens }: Tokens.Heading) {
      return `<p><strong>${this.parser.parseInline(tokens)}</strong></p>\n`;
    },
    code: ({ text }: Tokens.Code) => `<p><code>${escapeHtml(text)}</code></p>\n`,
    image: ({ text, href }: Tokens.Image) => escapeHtml(`[image: ${text || href}]`),
    hr: () => '',
    link({ href, tokens }: Tokens.Link) {
      const text = this.parser.parseInline(tokens);
      // Only web and mail links; anything else (javascript:, data:, relative) keeps its text only.
      return /^(https?:\/\/|mailto:)/i.test(href) ? `<a href="${escapeHtml(href)}">${text}</a>` : text;
    },
    table: ({ raw }: Tokens.Table) => `<p>${escapeHtml(raw)}</p>\n`,
  },
});

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'del', 'a', 'blockquote', 'ul', 'ol', 'li', 'code'],
  allowedAttributes: { a: ['href', 'rel', 'class'], ol: ['start'] },
  allowedClasses: { a: ['mention'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow ugc noopener' } }),
  },
};

/** `mentions`: the site-relative link of each mentioned name (by mentionKey) that resolved to someone in the thread. */
export function renderCommentMarkdown(source: string, mentions: ReadonlyMap<string, string> = new Map()): string {
  mentionLinks = mentions;
  try {
    const html = marked.parse(source, { async: false });
    return sanitizeHtml(html, sanitizeOptions).trim();
  } finally {
    mentionLinks = new Map();
  }
}
