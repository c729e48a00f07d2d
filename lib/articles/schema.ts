import { z } from 'zod';

export const articleSlugSchema = z
  .string()
  .min(1, { error: 'slug is empty.' })
  .max(120, { error: 'slug is longer than 120 characters.' })
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
    error: 'slug must be lowercase letters and digits separated by single hyphens, e.g. russia-and-iran.',
  });

/** The front matter an article's Markdown file must start with. */
export const articleFrontMatterSchema = z.object({
  slug: articleSlugSchema,
  title: z.string().trim().min(1, { error: 'title is missing.' }).max(200),
  summary: z.string().trim().min(1, { error: 'summary is missing.' }).max(400),
  /** Give it only when the source states a publication date. */
  publishedAt: z.coerce.date({ error: 'publishedAt must be a date, e.g. 2025-06-20.' }).optional(),
  status: z.enum(['DRAFT', 'PUBLISHED']).default('PUBLISHED'),
});

export type ArticleFrontMatter = z.infer<typeof articleFrontMatterSchema>;
