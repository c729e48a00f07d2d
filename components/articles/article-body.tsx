import type { ArticleBody as ArticleBodyData, ArticleParagraph } from '@/lib/articles/article-body';

export type ArticleBodyProps = { body: ArticleBodyData };

// Paragraph HTML was produced from Markdown and sanitized when the article was
// imported (lib/articles/parse-article-markdown.ts), so it is safe to insert.
function Paragraphs({ paragraphs }: { paragraphs: ArticleParagraph[] }) {
  return paragraphs.map((paragraph) => (
    <p key={paragraph.id} id={paragraph.id} dangerouslySetInnerHTML={{ __html: paragraph.html }} />
  ));
}

export function ArticleBody({ body }: ArticleBodyProps) {
  return (
    <div className="article-body">
      <Paragraphs paragraphs={body.intro} />
      {body.sections.map((section) => (
        <section key={section.id} aria-labelledby={section.id}>
          <h2 id={section.id}>{section.title}</h2>
          <Paragraphs paragraphs={section.paragraphs} />
          {section.subsections.map((subsection) => (
            <section key={subsection.id} aria-labelledby={subsection.id}>
              <h3 id={subsection.id}>{subsection.title}</h3>
              <Paragraphs paragraphs={subsection.paragraphs} />
            </section>
          ))}
        </section>
      ))}
    </div>
  );
}
