// Next.js refuses some server action requests before any action runs: an
// action id this build does not have (a tab open across a deploy, or a
// scanner's guess), a body it cannot decode. Those are the client's doing, yet
// Next.js logs each with a stack trace, so a scanner fills the log. Here each
// such request becomes one line, `action.refused`; every other error is
// logged as Next.js logs it.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { COMMENT_MAX } from '../lib/comments/limits';
import { logFor } from '../lib/log';

type ActionRequest = { path: string; logged: boolean };
type RequestHead = Pick<IncomingMessage, 'method' | 'url' | 'headers'>;

const actionRequest = new AsyncLocalStorage<ActionRequest>();
const log = logFor('actions');

/** What Next.js, and the parsers it hands the body to, throw for input they refuse. */
const refusals = [
  // next: the id is not one of this build's actions, or not an action id at all.
  /^Failed to find Server Action/,
  /^The Server Reference ID did not match the expected format/,
  /^Invalid Server Actions request/,
  /^Missing 'next-action' header/,
  // next: serverActions.bodySizeLimit, for a body sent without Content-Length (server/main.ts answers the others).
  /^Body exceeded .* limit/,
  // busboy (a fetch action's multipart body) and undici (a form posted without JavaScript).
  /^Unexpected end of (form|file)$/,
  /^Malformed part header$/,
  /^Multipart: Boundary not found$/,
  /^Failed to parse body as FormData/,
  // React's decodeReply, on a reply cut short.
  /^Connection closed\.?$/,
];

const DRAIN_MAX = 32 * 1024 * 1024;

const firstLine = (text: string) => (text.split('\n')[0] ?? '').slice(0, 200);

/**
 * Could Next.js handle this request as a server action? A POST with a
 * Next-Action header (sent by JavaScript), or a multipart POST (a form posted
 * without JavaScript, whose action is named in the body).
 */
export function mayBeServerAction(request: RequestHead): boolean {
  if (request.method !== 'POST') return false;
  const contentType = request.headers['content-type'] ?? '';
  return request.headers['next-action'] !== undefined || contentType.toLowerCase().startsWith('multipart/form-data');
}

/** The refusal an error stands for, in one line, or null for a real failure. */
export function refusalReason(value: unknown): string | null {
  if (!(value instanceof Error)) return null;
  // A SyntaxError in an action request is React's decodeReply parsing a body
  // that is not JSON; our actions parse no JSON of their own unguarded.
  if (value.name === 'SyntaxError' || refusals.some((pattern) => pattern.test(value.message))) return firstLine(value.message);
  return null;
}

/** Runs `handle` (Next.js handling the request) so that what it logs is known to come from this request. */
export function handleLoggingRefusals<T>(request: RequestHead, handle: () => T): T {
  if (!mayBeServerAction(request)) return handle();
  return actionRequest.run({ path: (request.url ?? '/').split('?')[0] ?? '/', logged: false }, handle);
}

const tooLargePage = (limit: number) => `<!doctype html>
<html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Too large to send · Parley</title>
<main style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>That was too large to send</h1>
<p>A form on Parley takes at most ${Math.floor(limit / (1024 * 1024))} MB, and a comment at most ${COMMENT_MAX.toLocaleString('en-US')} characters. Go back and shorten what you wrote.</p>
</main></html>`;

/**
 * Answers a possible server action whose declared body is over `limit` with
 * 413 and a short page, before Next.js reads it (Next.js would read up to the
 * limit, then fail with a 500 and a stack trace). True when it answered.
 */
export function refuseOversizedAction(request: IncomingMessage, response: ServerResponse, limit: number): boolean {
  const declared = Number(request.headers['content-length']);
  if (!mayBeServerAction(request) || !(declared > limit)) return false;
  log.warn({ event: 'action.refused', method: 'POST', path: (request.url ?? '/').split('?')[0], reason: `body of ${declared} bytes is over the ${limit}-byte limit` });
  const answer = () => {
    response.writeHead(413, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' });
    response.end(tooLargePage(limit));
  };
  // Read and drop the body first (never kept): a browser still sending it
  // when the connection closes shows a reset connection, not this answer.
  // Past DRAIN_MAX nobody is pasting text; answer and close at once.
  if (declared > DRAIN_MAX) {
    answer();
    return true;
  }
  request.on('end', answer);
  request.resume();
  return true;
}

/**
 * Replaces `target`'s warn and error (the console, in the server) with ones
 * that write a refusal during a possible action request as one line, once per
 * request (Next.js logs some twice), and pass everything else through.
 */
export function logRefusalsInOneLine(target: Pick<Console, 'warn' | 'error'> = console): void {
  for (const method of ['warn', 'error'] as const) {
    const original = target[method].bind(target);
    target[method] = (...args: unknown[]) => {
      const request = actionRequest.getStore();
      const reason = request ? args.map(refusalReason).find((found) => found !== null) : undefined;
      if (!request || !reason) return original(...args);
      if (request.logged) return;
      request.logged = true;
      log.warn({ event: 'action.refused', method: 'POST', path: request.path, reason });
    };
  }
}
