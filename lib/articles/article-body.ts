// The stored shape of an article's body (Article.body, a JSON column).
// Sections and sub-sections carry stable anchors so that table-of-contents links,
// shared URLs and quotes in comments keep pointing at the same place.
import { z } from 'zod';

export const paragraphSchema = z.object({
  /** Stable anchor, e.g. "conclusion-p1". */
  id: z.string().min(1),
  /** The paragraph as plain text, exactly as written. */
  text: z.string().min(1),
  /** Sanitized inline HTML rendered from the Markdown source. */
  html: z.string().min(1),
});

export const subsectionSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  paragraphs: z.array(paragraphSchema),
});

export const sectionSchema = subsectionSchema.extend({
  subsections: z.array(subsectionSchema),
});

export const articleBodySchema = z.object({
  /** Paragraphs before the first heading, if any. */
  intro: z.array(paragraphSchema),
  sections: z.array(sectionSchema),
});

export type ArticleParagraph = z.infer<typeof paragraphSchema>;
export type ArticleSubsection = z.infer<typeof subsectionSchema>;
export type ArticleSection = z.infer<typeof sectionSchema>;
export type ArticleBody = z.infer<typeof articleBodySchema>;

/** Every paragraph in reading order. */
export function paragraphsOf(body: ArticleBody): ArticleParagraph[] {
  return [...body.intro, ...body.sections.flatMap((section) => [...section.paragraphs, ...section.subsections.flatMap((subsection) => subsection.paragraphs)])];
}
