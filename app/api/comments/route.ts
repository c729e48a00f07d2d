import { privateCacheHeaders } from '@/lib/cache/shared-cache-headers';
import { postCommentAnswer } from '@/lib/comments/post-comment-answer';
import { postComment } from '@/lib/comments/post-comment';
import { postCommentSchema } from '@/lib/comments/schema';
import { errorResponse, parseInput } from '@/lib/errors';
import { readSameOriginJson } from '@/lib/security/read-same-origin-json';

/** A comment is at most 20 kB of UTF-8; JSON escaping can triple a few characters. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * POST /api/comments: the composer posts here once its script runs (JSON in,
 * JSON out); the same form's server action is the way without JavaScript.
 * Same command, same checks; the answer is the new comment as data rather
 * than a rendered React tree, which costs the server less per post (issue 14).
 */
export async function POST(request: Request) {
  try {
    const input = parseInput(postCommentSchema, await readSameOriginJson(request, MAX_BODY_BYTES));
    return Response.json(postCommentAnswer(await postComment(input)), { headers: privateCacheHeaders });
  } catch (error) {
    return errorResponse(error);
  }
}
