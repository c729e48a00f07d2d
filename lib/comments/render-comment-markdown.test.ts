import { describe, expect, test } from 'vitest';
import { renderCommentMarkdown } from './render-comment-markdown';

describe('comment Markdown', () => {
  test('bold, italic and inline code render as their tags', () => {
    expect(renderCommentMarkdown('**bold** and *italic* and `x < y`')).toBe('<p><strong>bold</strong> and <em>italic</em> and <code>x &lt; y</code></p>');
  });

  test('a block quote and both kinds of list render', () => {
    const html = renderCommentMarkdown('> quoted line\n\n- one\n- two\n\n3. three\n4. four');
    expect(html).toContain('<blockquote>\n<p>quoted line</p>\n</blockquote>');
    expect(html).toContain('<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
    expect(html).toContain('<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>');
  });

  test('a web link gets rel="nofollow ugc noopener"', () => {
    expect(renderCommentMarkdown('[a source](https://example.com/report?a=1&b=2)')).toBe(
      '<p><a href="https://example.com/report?a=1&amp;b=2" rel="nofollow ugc noopener">a source</a></p>',
    );
  });

  test('a bare URL becomes a link with the same rel', () => {
    expect(renderCommentMarkdown('see https://example.org')).toContain('<a href="https://example.org" rel="nofollow ugc noopener">');
  });

  test('a raw <a> tag (e.g. to set its own rel) comes out as escaped text, not a link', () => {
    const html = renderCommentMarkdown('<a href="https://example.com" rel="me">x</a>');
    expect(html).not.toMatch(/<a /);
    expect(html).toContain('&lt;a href=');
  });

  test.each([
    ['javascript:', '[click me](javascript:alert(1))'],
    ['JavaScript: in mixed case', '[click me](JaVaScRiPt:alert(1))'],
    ['data:', '[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['vbscript:', '[click me](vbscript:msgbox(1))'],
    ['relative-path', '[click me](/admin)'],
  ])('a %s link loses its href but keeps its text', (_case, source) => {
    const html = renderCommentMarkdown(source);
    expect(html).toBe('<p>click me</p>');
  });

  test('<script> comes out as inert, escaped text', () => {
    const html = renderCommentMarkdown('<script>alert(1)</script>');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('<img onerror> inline comes out escaped, never as an element', () => {
    const html = renderCommentMarkdown('Look: <img src=x onerror="alert(1)"> here');
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;img src=x onerror=');
  });

  test('an <iframe> block comes out escaped', () => {
    const html = renderCommentMarkdown('<iframe src="https://evil.example"></iframe>');
    expect(html).not.toMatch(/<iframe/i);
    expect(html).toContain('&lt;iframe');
  });

  test('an event handler attribute never survives on any tag', () => {
    for (const source of ['<p onclick="x()">hi</p>', '<b onmouseover=alert(1)>hi</b>', '<svg onload=alert(1)>', '<a href="https://a.example" onclick="x()">x</a>']) {
      expect(renderCommentMarkdown(source)).not.toMatch(/<[^>]+\son\w+=/i);
    }
  });

  test('a Markdown image is not rendered as <img>; its alt text stays as text', () => {
    const html = renderCommentMarkdown('![a tracking pixel](https://evil.example/p.png)');
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('[image: a tracking pixel]');
  });

  test('headings, code blocks and tables fall back to plain paragraphs instead of vanishing', () => {
    expect(renderCommentMarkdown('# Shouting')).toBe('<p><strong>Shouting</strong></p>');
    expect(renderCommentMarkdown('```\n<b>code</b>\n```')).toBe('<p><code>&lt;b&gt;code&lt;/b&gt;</code></p>');
    const table = renderCommentMarkdown('| a | b |\n| - | - |\n| 1 | 2 |');
    expect(table).not.toContain('<table');
    expect(table).toContain('| a | b |');
  });

  test('a single newline is a line break', () => {
    expect(renderCommentMarkdown('one\ntwo')).toBe('<p>one<br />two</p>');
  });

  test('a mention of someone in the thread links to their comment; any other mention, or one in code, stays text', () => {
    const links = new Map([['ada lovelace', '/articles/a?comment=1#comment-1']]);
    expect(renderCommentMarkdown('Thanks @[Ada  Lovelace]!', links)).toBe(
      '<p>Thanks <a href="/articles/a?comment=1#comment-1" class="mention" rel="nofollow ugc noopener">@Ada  Lovelace</a>!</p>',
    );
    expect(renderCommentMarkdown('Thanks @[Nobody Here]!', links)).toBe('<p>Thanks @Nobody Here!</p>');
    expect(renderCommentMarkdown('`@[Ada Lovelace]`', links)).toBe('<p><code>@[Ada Lovelace]</code></p>');
    expect(renderCommentMarkdown('@[<b>x</b>]', links)).toBe('<p>@&lt;b&gt;x&lt;/b&gt;</p>');
  });

  test('nobody else can give a link the mention class or a relative address', () => {
    const html = renderCommentMarkdown('[x](/account) <a class="mention" href="/x">y</a>');
    expect(html).toBe('<p>x &lt;a class="mention" href="/x"&gt;y&lt;/a&gt;</p>');
  });
});
