import { createElement } from 'react';
import type { PostCommentState } from '@/app/(site)/articles/[slug]/actions';
import type { PostCommentAnswer } from '@/lib/comments/post-comment-answer';

type Refusal = { error?: PostCommentState['code']; message?: string; fieldErrors?: PostCommentState['fieldErrors'] };

/** The comment's own markup comes with the first post, not with the page. */
export const loadCommentItem = () => import('./comment-item');

/** The form's own fields (not the `$ACTION_…` ones React adds for posting to the server action without JavaScript). */
const formFields = (formData: FormData) =>
  Object.fromEntries([...formData].filter((entry): entry is [string, string] => typeof entry[1] === 'string' && !entry[0].startsWith('$ACTION')));

/**
 * The composer's post once its script runs: the form's fields as JSON to
 * POST /api/comments, the answer turned into the state the form's server
 * action would have returned. Whatever goes wrong, the state says so and the
 * composer keeps the text and the idempotency key, so sending again is safe.
 */
export async function postCommentFromScript(_state: PostCommentState, formData: FormData): Promise<PostCommentState> {
  const fields = formFields(formData);
  let response: Response;
  try {
    response = await fetch('/api/comments', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(fields) });
  } catch {
    return { ok: false, message: 'Your comment could not be sent: the connection failed. Your text is kept; try again.' };
  }
  const answer = (await response.json().catch(() => null)) as (PostCommentAnswer & Refusal) | null;
  if (!response.ok || !answer?.postedId) {
    const retryAfter = Number(response.headers.get('Retry-After'));
    return {
      ok: false,
      code: answer?.error,
      // A proxy's own error page (every instance away) is not our JSON.
      message: answer?.message ?? `Your comment could not be posted just now (HTTP ${response.status}). Your text is kept; try again in a few seconds.`,
      fieldErrors: answer?.fieldErrors,
      retryAfterSeconds: retryAfter > 0 ? retryAfter : undefined,
    };
  }
  // Posted whatever happens next: a chunk that fails to load (a deploy since
  // the page loaded) only means the comment shows when the thread is next rendered.
  const CommentItem = await loadCommentItem().then(
    (module) => module.CommentItem,
    () => null,
  );
  return {
    ok: true,
    message: answer.message,
    values: { postedId: answer.postedId },
    posted:
      answer.comment &&
      CommentItem &&
      createElement(CommentItem, {
        comment: answer.comment,
        articleId: fields.articleId ?? '',
        articleSlug: answer.articleSlug,
        viewer: { signedIn: true, canPost: true },
        replyKey: crypto.randomUUID(),
      }),
  };
}
