import { z } from 'zod';
import { reportReasons } from '@/lib/comments/schema';
import type { CommentDecision } from './moderate-comment';
import { parseTermList } from './word-filter';

const id = z.uuid({ error: 'That item no longer exists. Reload the page.' });
const note = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined)
  .pipe(z.string().max(500, { error: 'Keep the note under 500 characters.' }).optional());

export const commentDecisionSchema = z
  .discriminatedUnion('decision', [
    z.object({ decision: z.literal('approve') }),
    z.object({ decision: z.literal('restore') }),
    z.object({ decision: z.literal('feature') }),
    z.object({ decision: z.literal('unfeature') }),
    z.object({ decision: z.literal('reject'), reason: z.enum(reportReasons, { error: 'Choose a reason for rejecting.' }), note }),
  ])
  .refine((input) => input.decision !== 'reject' || input.reason !== 'OTHER' || input.note, {
    path: ['note'],
    error: 'Explain the reason when you choose “Other”.',
  });

/** The form's decision as the domain command takes it. */
export function toCommentDecision(input: z.infer<typeof commentDecisionSchema>): CommentDecision {
  return input.decision === 'reject' ? { kind: 'reject', reason: input.reason, note: input.note } : { kind: input.decision };
}

export const moderateCommentSchema = z.intersection(z.object({ commentId: id }), commentDecisionSchema);

export const bulkModerateSchema = z.intersection(
  z.object({ commentIds: z.array(id, { error: 'Select at least one comment.' }).min(1, { error: 'Select at least one comment.' }).max(100) }),
  commentDecisionSchema,
);

export const suspensionDurations = { '1h': 3600, '1d': 86_400, '7d': 7 * 86_400 } as const;

export const moderateUserSchema = z.intersection(
  z.object({ userId: id }),
  z.discriminatedUnion('decision', [
    z.object({ decision: z.literal('warn'), message: z.string().trim().min(1, { error: 'Write the warning the user will see.' }).max(1000) }),
    z.object({
      decision: z.literal('suspend'),
      duration: z.enum(['1h', '1d', '7d', 'custom'], { error: 'Choose how long.' }),
      until: z.string().optional(),
      reason: z.string().trim().min(1, { error: 'Give the reason the user will see.' }).max(500),
    }),
    z.object({
      decision: z.literal('ban'),
      reason: z.string().trim().min(1, { error: 'Give the reason the user will see.' }).max(500),
      rejectComments: z
        .string()
        .optional()
        .transform((value) => value === 'on' || value === 'true'),
    }),
    z.object({ decision: z.literal('lift') }),
    z.object({ decision: z.literal('mode'), mode: z.enum(['DEFAULT', 'PREMODERATE', 'TRUSTED']) }),
  ]),
);

export const moderateArticleSchema = z.intersection(
  z.object({ articleId: id }),
  z.discriminatedUnion('decision', [
    z.object({ decision: z.literal('close') }),
    z.object({ decision: z.literal('reopen') }),
    z.object({
      decision: z.literal('pre-moderation'),
      mode: z.enum(['SITE', 'NONE', 'ALL', 'FIRST_COMMENTS', 'LINKS']).transform((mode) => (mode === 'SITE' ? null : mode)),
    }),
  ]),
);

export const policySchema = z.object({
  preModeration: z.enum(['NONE', 'ALL', 'FIRST_COMMENTS', 'LINKS'], { error: 'Choose a pre-moderation mode.' }),
  firstCommentsThreshold: z.coerce.number({ error: 'Enter a number.' }).int().min(1, { error: 'At least 1.' }).max(100, { error: 'At most 100.' }),
  bannedWords: z.string().max(20_000).transform(parseTermList),
  suspectWords: z.string().max(20_000).transform(parseTermList),
  autoCloseDays: z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? Number(value) : null))
    .pipe(
      z.number({ error: 'Enter a number of days, or leave it empty.' }).int({ error: 'Whole days only.' }).min(1, { error: 'At least 1 day.' }).max(3650).nullable(),
    ),
  // A checkbox: "on" when ticked, absent when not.
  requireVerifiedEmail: z
    .string()
    .optional()
    .transform((value) => value === 'on' || value === 'true'),
});

export const appealSchema = z.object({
  commentId: id,
  message: z.string().trim().min(1, { error: 'Say briefly why the comment should be restored.' }).max(1000, { error: 'Keep the appeal under 1,000 characters.' }),
});

export const resolveAppealSchema = z.object({ appealId: id, outcome: z.enum(['UPHELD', 'OVERTURNED']) });

/** A text filter from a console URL: trimmed; empty, over-long or repeated means no filter (never an error page). */
export const urlTextFilter = (maxLength: number) =>
  z
    .string()
    .trim()
    .max(maxLength)
    .optional()
    .transform((v) => v || undefined)
    .catch(undefined);

export const queueNames = ['pending', 'reported', 'recent', 'rejected'] as const;
export type QueueName = (typeof queueNames)[number];

export const queueQuerySchema = z.object({
  queue: z.enum(queueNames).catch('pending'),
  article: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.uuid().optional())
    .catch(undefined),
  author: urlTextFilter(254),
  q: urlTextFilter(200),
  cursor: z.string().max(500).optional().catch(undefined),
});
export type QueueQuery = z.infer<typeof queueQuerySchema>;

/**
 * Where a queue page ended, as the next page's ?cursor= carries it
 * (base64url JSON). It comes back from the URL, so each value is held to what
 * its SQL comparison takes: anything else means the first page, not a 500.
 */
export const queueCursorSchema = z.object({
  /** Open reports of the last item (the reported queue's order), compared with count(*). */
  key: z.number().int().min(0).max(2_147_483_647),
  /** Four-digit years only, and none before the epoch: every comment falls in between, and PostgreSQL takes them all. */
  createdAt: z.iso.datetime().refine((value) => Date.parse(value) >= 0),
  id: z.uuid(),
});
export type QueueCursor = z.infer<typeof queueCursorSchema>;
