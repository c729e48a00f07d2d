// Posting as the composer does, from the cluster tests: Chromium posts one
// comment through nginx and the bench's capture records that request (the
// composer's script posts JSON to /api/comments); every later
// post replays it with its own text, idempotency key and session, to whichever
// address a test names (nginx, or one instance directly).
import http from 'node:http';
import { capturePostingRequest, type PostingTemplate, postedIdPattern, postingBody, refusalOf, send } from '../bench/scenarios/posting';
import type { BenchUser } from '../bench/seed';

export type PostOutcome = {
  status: number;
  /** The comment's id when the answer acknowledged the post. */
  postedId?: string;
  /** The message of a refusal (a 200 whose state is not ok, or a 503's). */
  refusal?: string;
  retryAfter?: string;
  ms: number;
  /** No answer: a connection error, or none within the timeout. */
  error?: string;
};

export type Poster = {
  template: PostingTemplate;
  post(options: {
    base: string;
    cookie: string;
    text: string;
    idempotencyKey: string;
    localAddress?: string;
    timeoutMs?: number;
    agent?: http.Agent;
  }): Promise<PostOutcome>;
};

export async function capturePoster(capture: { base: string; secret: string; databaseUrl: string; slug: string }, user: BenchUser): Promise<Poster> {
  const template = await capturePostingRequest(capture, { runId: `cluster-${Date.now()}`, posting: { slug: capture.slug } }, user);
  const capturedOrigin = new URL(template.url).origin;
  const defaultAgent = new http.Agent({ keepAlive: false });
  return {
    template,
    async post({ base, cookie, text, idempotencyKey, localAddress, timeoutMs = 10_000, agent = defaultAgent }) {
      const url = template.url.replace(capturedOrigin, base);
      const headers = Object.fromEntries(Object.entries(template.headers).map(([name, value]) => [name, value.replace(capturedOrigin, base)]));
      const body = postingBody(template, text, idempotencyKey);
      const started = performance.now();
      try {
        const answer = await send(agent, url, { ...headers, cookie }, body, { timeoutMs, localAddress });
        const ms = performance.now() - started;
        const postedId = answer.status === 200 ? postedIdPattern.exec(answer.text)?.[1] : undefined;
        return {
          status: answer.status,
          postedId,
          refusal: postedId ? undefined : refusalOf(answer.text),
          retryAfter: answer.headers['retry-after'],
          ms,
        };
      } catch (error) {
        return { status: 0, ms: performance.now() - started, error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
