'use server';

import { deleteComment } from '@/lib/comments/delete-comment';
import { editComment } from '@/lib/comments/edit-comment';
import { postComment } from '@/lib/comments/post-comment';
import { reportComment } from '@/lib/comments/report-comment';
import { revalidateThread } from '@/lib/comments/revalidate-thread';
import { commentIdSchema, editCommentSchema, postCommentSchema, reportCommentSchema } from '@/lib/comments/schema';
import { toggleInsightful } from '@/lib/comments/toggle-insightful';
import { appealRemoval } from '@/lib/moderation/appeals';
import { appealSchema } from '@/lib/moderation/schema';
import { echoValues, formStateFromError, invalidInput, type FormState } from '@/lib/form-state';

export async function postCommentAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = echoValues(formData);
  const parsed = postCommentSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error, values);
  try {
    const posted = await postComment(parsed.data);
    await revalidateThread(posted.articleSlug);
    return {
      ok: true,
      message: posted.status === 'PENDING' ? 'Thanks. Your comment is awaiting moderation; only you can see it for now.' : 'Your comment is posted.',
      values: { postedId: posted.id },
    };
  } catch (error) {
    return formStateFromError(error, values);
  }
}

export async function editCommentAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = echoValues(formData);
  const parsed = editCommentSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error, values);
  try {
    const edited = await editComment(parsed.data);
    await revalidateThread(edited.articleSlug);
    return { ok: true, message: 'Your comment is updated.' };
  } catch (error) {
    return formStateFromError(error, values);
  }
}

export async function deleteCommentAction(_state: FormState, formData: FormData): Promise<FormState> {
  const parsed = commentIdSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error, {});
  try {
    const deleted = await deleteComment(parsed.data.commentId);
    await revalidateThread(deleted.articleSlug);
    return { ok: true, message: 'Your comment is deleted.' };
  } catch (error) {
    return formStateFromError(error, {});
  }
}

export async function toggleInsightfulAction(_state: FormState, formData: FormData): Promise<FormState> {
  const parsed = commentIdSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error, {});
  try {
    const result = await toggleInsightful(parsed.data.commentId);
    await revalidateThread(result.articleSlug);
    return { ok: true, values: { insightful: String(result.insightful), insightfulCount: String(result.insightfulCount) } };
  } catch (error) {
    return formStateFromError(error, {});
  }
}

export async function reportCommentAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = echoValues(formData);
  const parsed = reportCommentSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error, values);
  try {
    await reportComment(parsed.data);
    return { ok: true, message: 'Thanks for the report. A moderator will look at this comment.' };
  } catch (error) {
    return formStateFromError(error, values);
  }
}

export async function appealRemovalAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = echoValues(formData);
  const parsed = appealSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error, values);
  try {
    const { articleSlug } = await appealRemoval(parsed.data);
    await revalidateThread(articleSlug);
    return { ok: true, message: 'Your appeal is sent. A moderator will review the removal.' };
  } catch (error) {
    return formStateFromError(error, values);
  }
}
