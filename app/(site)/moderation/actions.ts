'use server';

import { redirect } from 'next/navigation';
import { DomainError } from '@/lib/errors';
import { submittedForm } from '@/lib/form-state';
import { resolveAppeal } from '@/lib/moderation/appeals';
import { moderateArticle } from '@/lib/moderation/moderate-article';
import { moderateComment, moderateComments } from '@/lib/moderation/moderate-comment';
import { moderateUser } from '@/lib/moderation/moderate-user';
import {
  bulkModerateSchema,
  moderateArticleSchema,
  moderateCommentSchema,
  moderateUserSchema,
  policySchema,
  resolveAppealSchema,
  suspensionDurations,
  toCommentDecision,
} from '@/lib/moderation/schema';
import { updatePolicy } from '@/lib/moderation/update-policy';
import { sameSitePath } from '@/lib/site-path';

// Console forms post here and come back to the page they were on with a notice
// or an error in the URL, so they work the same with or without JavaScript.
// Each takes `unknown`: a request can call an action with anything (submittedForm).

function back(formData: FormData, key: 'notice' | 'error', message: string): never {
  const returnTo = sameSitePath(formData.get('returnTo'), '/moderation', { within: '/moderation' });
  // Only to set the message in a path that is already checked: the base is never part of the result.
  const target = new URL(returnTo, 'http://parley.invalid');
  target.searchParams.delete('notice');
  target.searchParams.delete('error');
  target.searchParams.set(key, message);
  redirect(`${target.pathname}${target.search}${target.hash}`);
}

async function run(formData: FormData, work: () => Promise<string>): Promise<never> {
  let notice: string;
  try {
    notice = await work();
  } catch (error) {
    if (error instanceof DomainError) back(formData, 'error', error.message);
    throw error;
  }
  back(formData, 'notice', notice);
}

const done: Record<string, string> = {
  approve: 'Approved.',
  reject: 'Rejected.',
  restore: 'Restored.',
  feature: 'Featured.',
  unfeature: 'No longer featured.',
};

export async function moderateCommentAction(submission: unknown) {
  const formData = submittedForm(submission);
  const parsed = moderateCommentSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) back(formData, 'error', parsed.error.issues[0]?.message ?? 'That action was not understood.');
  await run(formData, async () => {
    await moderateComment(parsed.data.commentId, toCommentDecision(parsed.data));
    return done[parsed.data.decision] ?? 'Done.';
  });
}

export async function bulkModerateAction(submission: unknown) {
  const formData = submittedForm(submission);
  const parsed = bulkModerateSchema.safeParse({ ...Object.fromEntries(formData), commentIds: formData.getAll('commentIds') });
  if (!parsed.success) back(formData, 'error', parsed.error.issues[0]?.message ?? 'Select at least one comment.');
  await run(formData, async () => {
    const { count } = await moderateComments(parsed.data.commentIds, toCommentDecision(parsed.data));
    return `${done[parsed.data.decision] ?? 'Done.'} (${count} comment${count === 1 ? '' : 's'})`;
  });
}

export async function moderateUserAction(submission: unknown) {
  const formData = submittedForm(submission);
  const parsed = moderateUserSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) back(formData, 'error', parsed.error.issues[0]?.message ?? 'That action was not understood.');
  const input = parsed.data;
  await run(formData, async () => {
    if (input.decision === 'suspend') {
      const until = input.duration === 'custom' ? new Date(input.until ?? '') : new Date(Date.now() + suspensionDurations[input.duration] * 1000);
      if (Number.isNaN(until.getTime())) throw new DomainError('INVALID_INPUT', 'Choose the date and time the suspension ends.');
      await moderateUser(input.userId, { kind: 'suspend', until, reason: input.reason });
      return 'Suspended.';
    }
    if (input.decision === 'ban') {
      const { rejected } = await moderateUser(input.userId, { kind: 'ban', reason: input.reason, rejectComments: input.rejectComments });
      return rejected ? `Banned; ${rejected} comment(s) rejected.` : 'Banned.';
    }
    if (input.decision === 'warn') await moderateUser(input.userId, { kind: 'warn', message: input.message });
    else if (input.decision === 'lift') await moderateUser(input.userId, { kind: 'lift' });
    else await moderateUser(input.userId, { kind: 'mode', mode: input.mode });
    return { warn: 'Warning sent.', lift: 'Suspension or ban lifted.', mode: 'Pre-moderation setting saved.' }[input.decision];
  });
}

export async function moderateArticleAction(submission: unknown) {
  const formData = submittedForm(submission);
  const parsed = moderateArticleSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) back(formData, 'error', parsed.error.issues[0]?.message ?? 'That action was not understood.');
  const input = parsed.data;
  await run(formData, async () => {
    const decision = input.decision === 'pre-moderation' ? { kind: input.decision, mode: input.mode } : { kind: input.decision };
    await moderateArticle(input.articleId, decision);
    return { close: 'Comments closed.', reopen: 'Comments reopened.', 'pre-moderation': 'Article pre-moderation saved.' }[input.decision];
  });
}

export async function updatePolicyAction(submission: unknown) {
  const formData = submittedForm(submission);
  const parsed = policySchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) back(formData, 'error', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join(' '));
  await run(formData, async () => {
    await updatePolicy(parsed.data);
    return 'Policy saved.';
  });
}

export async function resolveAppealAction(submission: unknown) {
  const formData = submittedForm(submission);
  const parsed = resolveAppealSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) back(formData, 'error', 'That appeal was not understood.');
  await run(formData, async () => {
    await resolveAppeal(parsed.data);
    return parsed.data.outcome === 'OVERTURNED' ? 'Appeal granted: the comment is restored.' : 'Removal upheld.';
  });
}
