import type { ArticleSection } from '@/lib/articles/article-body';

export type TableOfContentsProps = { sections: ArticleSection[] };

export function TableOfContents({ sections }: TableOfContentsProps) {
  return (
    <nav className="toc" aria-labelledby="toc-title">
      <p className="toc__title" id="toc-title">
        Contents
      </p>
      <ol>
        {sections.map((section) => (
          <li key={section.id}>
            <a href={`#${section.id}`}>{section.title}</a>
            {section.subsections.length > 0 && (
              <ol>
                {section.subsections.map((subsection) => (
                  <li key={subsection.id}>
                    <a href={`#${subsection.id}`}>{subsection.title}</a>
                  </li>
                ))}
              </ol>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
