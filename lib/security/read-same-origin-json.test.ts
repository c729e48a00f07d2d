// The guard in front of the routes the site's own script posts to (the composer's POST /api/comments).
import { describe, expect, it } from 'vitest';
import { refusal } from '@/lib/comments/test-fixtures';
import { readSameOriginJson } from './read-same-origin-json';

const site = 'parley.example';
const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request(`https://${site}/api/comments`, {
    method: 'POST',
    headers: { host: site, origin: `https://${site}`, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json', ...headers },
    body,
    duplex: 'half',
  } as RequestInit);

/** A body that arrives in pieces, with no Content-Length: what a client streaming it sends. */
const streamed = (pieces: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(new TextEncoder().encode(piece));
      controller.close();
    },
  });

describe('reading a same-origin JSON post', () => {
  it('reads the JSON the page sent', async () => {
    await expect(readSameOriginJson(post('{"body":"Hello"}'), 1024)).resolves.toEqual({ body: 'Hello' });
  });

  it('reads it behind a proxy that names the public host in X-Forwarded-Host', async () => {
    const request = post('{"a":1}', { host: '127.0.0.1:3000', 'x-forwarded-host': site });
    await expect(readSameOriginJson(request, 1024)).resolves.toEqual({ a: 1 });
  });

  it('refuses a post from a page on another site, by its Origin or by Sec-Fetch-Site', async () => {
    const byOrigin = await refusal(readSameOriginJson(post('{}', { origin: 'https://evil.example', 'sec-fetch-site': '' }), 1024), 'FORBIDDEN');
    expect(byOrigin.message).toBe('This request came from another site. Post from the article page itself.');
    await refusal(readSameOriginJson(post('{}', { 'sec-fetch-site': 'cross-site' }), 1024), 'FORBIDDEN');
    await refusal(readSameOriginJson(post('{}', { 'sec-fetch-site': 'same-site', origin: `https://${site}` }), 1024), 'FORBIDDEN');
    await refusal(readSameOriginJson(post('{}', { origin: 'null' }), 1024), 'FORBIDDEN');
  });

  it('refuses anything but JSON: a form a cross-site page could send without asking', async () => {
    const error = await refusal(readSameOriginJson(post('body=Hello', { 'content-type': 'text/plain' }), 1024), 'INVALID_INPUT');
    expect(error.message).toBe('Send this request as JSON (Content-Type: application/json).');
    await refusal(readSameOriginJson(post('{}', { 'content-type': 'application/x-www-form-urlencoded' }), 1024), 'INVALID_INPUT');
  });

  it('says so when the body is not JSON', async () => {
    const error = await refusal(readSameOriginJson(post('{"body": "cut sh'), 1024), 'INVALID_INPUT');
    expect(error.message).toBe('The request body is not valid JSON.');
  });

  it('refuses a body over the limit, declared or streamed, without reading it all', async () => {
    const declared = await refusal(readSameOriginJson(post('x'.repeat(2048)), 1024), 'TOO_LARGE');
    expect(declared.message).toBe('This request is larger than the 1 kB it may be.');
    await refusal(readSameOriginJson(post(streamed(['{"body":"', 'x'.repeat(600), 'x'.repeat(600), '"}'])), 1024), 'TOO_LARGE');
    await expect(readSameOriginJson(post(streamed(['{"body":', '"short"}'])), 1024)).resolves.toEqual({ body: 'short' });
  });
});
