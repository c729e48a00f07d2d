import { z } from 'zod';
import { articleSlugSchema } from '@/lib/articles/schema';

/** GET /api/viewer?article=<slug>: a malformed slug means "no article" (the header part only), never an error. */
export const pageViewerQuerySchema = z.object({
  article: articleSlugSchema.optional().catch(undefined),
});

export type PageViewerQuery = z.infer<typeof pageViewerQuerySchema>;
