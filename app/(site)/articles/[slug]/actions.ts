'use server';

import { randomUUID } from 'node:crypto';
import { refresh } from 'next/cache';
import { createElement, type ReactNode } from 'react';
import { CommentItem } from '@/components/comments/comment-item';
import { deleteComment } from '@/lib/comments/delete-comment';
import { editComment } from '@/lib/comments/edit-comment';
import { postComment } from '@/lib/comments/post-comment';
import { postedCommentMessage } from '@/lib/comments/post-comment-answer';
import { reportComment } from '@/lib/comments/report-comment';
import { commentIdSchema, editCommentSchema, postCommentSchema, reportCommentSchema } from '@/lib/comments/schema';
import { toggleInsightful } from '@/lib/comments/toggle-insightful';
import { runFormAction, type FormState } from '@/lib/form-state';
import { appealRemoval } from '@/lib/moderation/appeals';
import { appealSchema } from '@/lib/moderation/schema';
import { setThreadFollow } from '@/lib/notifications/follow-thread';
import { articleIdSchema } from '@/lib/notifications/schema';

/** The composer's state: on success, also the new comment, rendered, for the composer to show at once. */
export type PostCommentState = FormState & { posted?: ReactNode };

export async function postCommentAction(_state: PostCommentState, formData: FormData): Promise<PostCommentState> {
  return runFormAction(formData, postCommentSchema, async (input) => {
    // The way without JavaScript (with it, the composer posts to
    // /api/comments). No refresh(): re-rendering the whole article for this
    // response would cost more than the post itself (issue 6 measures it
    // under load); the composer shows the new comment from this answer.
    const posted = await postComment(input);
    const comment = posted.view;
    return {
      ok: true,
      message: postedCommentMessage(posted.status),
      values: { postedId: posted.id },
      posted:
        comment &&
        createElement(CommentItem, {
          comment,
          articleId: input.articleId,
          articleSlug: posted.articleSlug,
          viewer: { signedIn: true, canPost: true },
          replyKey: randomUUID(),
        }),
    };
  });
}

export async function editCommentAction(_state: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, editCommentSchema, async (input) => {
    await editComment(input);
    refresh();
    return { ok: true, message: 'Your comment is updated.' };
  });
}

export async function deleteCommentAction(_state: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, commentIdSchema, async ({ commentId }) => {
    await deleteComment(commentId);
    refresh();
    return { ok: true, message: 'Your comment is deleted.' };
  });
}

export async function toggleInsightfulAction(_state: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, commentIdSchema, async ({ commentId }) => {
    // The button shows the new count from this answer: no re-render.
    const result = await toggleInsightful(commentId);
    return { ok: true, values: { insightful: String(result.insightful), insightfulCount: String(result.insightfulCount) } };
  });
}

export async function reportCommentAction(_state: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, reportCommentSchema, async (input) => {
    await reportComment(input);
    return { ok: true, message: 'Thanks for the report. A moderator will look at this comment.' };
  });
}

export async function appealRemovalAction(_state: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, appealSchema, async (input) => {
    await appealRemoval(input);
    // The author's own page shows the appeal's state in place of the form.
    refresh();
    return { ok: true, message: 'Your appeal is sent. A moderator will review the removal.' };
  });
}

/** "Follow this thread" / "Unfollow": a plain form; the page re-renders with the new state. */
export async function setThreadFollowAction(formData: FormData): Promise<void> {
  const parsed = articleIdSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return;
  await setThreadFollow(parsed.data, formData.get('follow') === '1');
  refresh();
}
