// Inputs of the comment thread, shared by the composer, the server actions and the JSON API.
import { z } from 'zod';
import { COMMENT_MAX, COMMENT_TOO_LONG, commentLength, reportReasons, threadSorts } from './limits';

export { COMMENT_MAX, EDIT_WINDOW_MINUTES, reportReasons, threadSorts, type ReportReason, type ThreadSort } from './limits';

export const commentBodySchema = z
  .string({ error: 'Write your comment first.' })
  .refine((body) => !body.includes('\u0000'), { error: 'Your comment contains a NUL character, which cannot be stored. Remove it and try again.' })
  .refine((body) => body.isWellFormed(), { error: 'Your comment contains invalid Unicode (a broken character). Retype or remove it and try again.' })
  .transform((body) => body.normalize('NFC').replace(/\r\n?/g, '\n').trim())
  .pipe(
    z
      .string()
      .min(1, { error: 'Write your comment first.' })
      .refine((body) => commentLength(body) <= COMMENT_MAX, { error: COMMENT_TOO_LONG }),
  );

const optionalId = z
  .string()
  .optional()
  .transform((value) => (value ? value : undefined))
  .pipe(z.uuid({ error: 'That comment no longer exists.' }).optional());

export const postCommentSchema = z.object({
  articleId: z.uuid({ error: 'That article does not exist.' }),
  body: commentBodySchema,
  replyToId: optionalId,
  quotedParagraphId: z
    .string()
    .optional()
    .transform((value) => value || undefined)
    .pipe(
      z
        .string()
        .regex(/^[a-z0-9-]+$/, { error: 'That quoted passage does not exist.' })
        .max(200)
        .optional(),
    ),
  idempotencyKey: z.uuid({ error: 'The form is out of date. Reload the page; your text is kept.' }),
});

export const editCommentSchema = z.object({
  commentId: z.uuid({ error: 'That comment no longer exists.' }),
  body: commentBodySchema,
});

export const commentIdSchema = z.object({ commentId: z.uuid({ error: 'That comment no longer exists.' }) });

export const reportCommentSchema = z
  .object({
    commentId: z.uuid({ error: 'That comment no longer exists.' }),
    reason: z.enum(reportReasons, { error: 'Choose why you are reporting this comment.' }),
    note: z
      .string()
      .optional()
      .transform((note) => note?.trim() || undefined)
      .pipe(z.string().max(500, { error: 'Keep the note under 500 characters.' }).optional()),
  })
  .refine((report) => report.reason !== 'OTHER' || report.note, {
    path: ['note'],
    error: 'Tell us what is wrong when you choose “Other”.',
  });

export const threadSortSchema = z.enum(threadSorts);

/** ?sort= and ?cursor= from a URL: anything unknown means the default sort and the first page, never an error. */
export const threadQuerySchema = z.object({
  sort: z.enum(threadSorts).catch('best'),
  cursor: z.string().max(500).optional().catch(undefined),
});

/**
 * ?comment=<id> on the article page (a permalink beyond the first page).
 * Anything but a UUID is ignored: it would reach PostgreSQL's uuid parser.
 */
export const linkedCommentIdSchema = z.uuid().optional().catch(undefined);

/**
 * An article page's query: the thread's sort and page, plus ?comment=<id> (show
 * that comment's thread) and ?quoted=<paragraph> (comments quoting it). A
 * malformed value means "not given", never an error.
 */
export const articlePageQuerySchema = threadQuerySchema.extend({
  comment: linkedCommentIdSchema,
  quoted: z
    .string()
    .regex(/^[a-z0-9-]{1,200}$/)
    .optional()
    .catch(undefined),
});

export type PostCommentInput = z.infer<typeof postCommentSchema>;
