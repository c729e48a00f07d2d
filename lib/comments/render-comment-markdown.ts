// Comment Markdown: paragraphs, bold, italic, links, block quotes, lists and
// inline code. The source is stored; this HTML is made on the server, then
// sanitized with an allow-list, so whatever a reader types cannot run.
import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

// Outside the subset, blocks fall back to plain text rather than disappearing.
const marked = new Marked({
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
  allowedAttributes: { a: ['href', 'rel'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow ugc noopener' } }),
  },
};

export function renderCommentMarkdown(source: string): string {
  const html = marked.parse(source, { async: false });
  return sanitizeHtml(html, sanitizeOptions).trim();
}
