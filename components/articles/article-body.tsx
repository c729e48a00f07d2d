import type { ArticleBody as ArticleBodyData, ArticleParagraph } from '@/lib/articles/article-body';

export type ArticleBodyProps = {
  body: ArticleBodyData;
  /** Comments quoting each paragraph, by paragraph id. */
  quoteCounts?: Record<string, number>;
};

// Paragraph HTML was produced from Markdown and sanitized when the article was
// imported (lib/articles/parse-article-markdown.ts), so it is safe to insert.
function Paragraphs({ paragraphs, quoteCounts }: { paragraphs: ArticleParagraph[]; quoteCounts: Record<string, number> }) {
  return paragraphs.map((paragraph) => {
    const quotes = quoteCounts[paragraph.id] ?? 0;
    return (
      <div key={paragraph.id} className="paragraph">
        <p id={paragraph.id} dangerouslySetInnerHTML={{ __html: paragraph.html }} />
        {quotes > 0 && (
          <a className="quote-count" href={`?quoted=${paragraph.id}#quoted-comments`}>
            {quotes === 1 ? '1 comment quotes this passage' : `${quotes} comments quote this passage`}
          </a>
        )}
      </div>
    );
  });
}

export function ArticleBody({ body, quoteCounts = {} }: ArticleBodyProps) {
  return (
    <div className="article-body">
      <Paragraphs paragraphs={body.intro} quoteCounts={quoteCounts} />
      {body.sections.map((section) => (
        <section key={section.id} aria-labelledby={section.id}>
          <h2 id={section.id}>{section.title}</h2>
          <Paragraphs paragraphs={section.paragraphs} quoteCounts={quoteCounts} />
          {section.subsections.map((subsection) => (
            <section key={subsection.id} aria-labelledby={subsection.id}>
              <h3 id={subsection.id}>{subsection.title}</h3>
              <Paragraphs paragraphs={subsection.paragraphs} quoteCounts={quoteCounts} />
            </section>
          ))}
        </section>
      ))}
    </div>
  );
}
