// Server action requests that no browser of ours sends: raw HTTP, as a
// scanner or a hand-written client sends them. Each gets an answer that is not
// a crash, and leaves at most one short line in the server log.
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { serverLogSince, serverLogSize } from './server-log';

/** The id of the action behind the first form of a page, as React writes it into the page for posting without JavaScript. */
async function formActionId(request: APIRequestContext, path: string): Promise<string> {
  const html = await (await request.get(path)).text();
  const descriptor = /name="\$ACTION_1:0" value="([^"]+)"/.exec(html)?.[1];
  if (!descriptor) throw new Error(`No action form on ${path}`);
  const { id } = JSON.parse(descriptor.replaceAll('&quot;', '"').replaceAll('&amp;', '&')) as { id: string };
  return id;
}

/** The lines a set of requests left in the server log (a few lines may arrive just after the response). */
async function logLinesOf(baseURL: string | undefined, send: () => Promise<void>, expectedRefusals: number): Promise<string[]> {
  const from = await serverLogSize(baseURL);
  await send();
  let lines: string[] = [];
  await expect
    .poll(async () => {
      lines = (await serverLogSince(baseURL, from)).split('\n').filter((line) => line.trim() !== '');
      return lines.filter((line) => line.includes('"action.refused"')).length;
    })
    .toBeGreaterThanOrEqual(expectedRefusals);
  return lines;
}

test('a no-JavaScript POST that names a form action by $ACTION_ID_ gets the page back, not a 500', async ({ request, baseURL }) => {
  const id = await formActionId(request, '/signin');
  const response = await request.post('/signin', {
    headers: { Origin: new URL(baseURL!).origin },
    // What a plain <form action={signInAction}> would post; the real form
    // (useActionState) posts $ACTION_REF_ with its previous state instead.
    multipart: { [`$ACTION_ID_${id}`]: '', email: 'someone@example.test', password: 'not the password', callbackUrl: '/' },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(200);
});

test('refused action requests each leave one short line in the server log, and no stack trace', async ({ request, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const id = await formActionId(request, '/signin');
  const post = async (options: Parameters<APIRequestContext['post']>[1]) => {
    await request.post('/signin', { ...options, headers: { Origin: origin, ...options?.headers }, maxRedirects: 0 });
  };
  const unknownId = `7f${'0'.repeat(38)}aa`;
  const brokenMultipart = (boundary: string, name: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\nno closing boundary`;

  const lines = await logLinesOf(
    baseURL,
    async () => {
      await post({ headers: { 'Next-Action': unknownId, 'Content-Type': 'text/plain;charset=UTF-8' }, data: '[]' });
      await post({ headers: { 'Next-Action': 'not-an-action', 'Content-Type': 'text/plain;charset=UTF-8' }, data: '[]' });
      await post({ multipart: { [`$ACTION_ID_${unknownId}`]: '' } });
      await post({ headers: { 'Next-Action': id, 'Content-Type': 'text/plain;charset=UTF-8' }, data: '{not json' });
      await post({ headers: { 'Next-Action': id, 'Content-Type': 'text/plain;charset=UTF-8' }, data: '[1,2]' });
      await post({
        headers: { 'Next-Action': id, 'Content-Type': 'multipart/form-data; boundary=cut' },
        data: brokenMultipart('cut', '1_email'),
      });
      await post({
        headers: { 'Content-Type': 'multipart/form-data; boundary=cut' },
        data: brokenMultipart('cut', `$ACTION_ID_${id}`),
      });
      await post({ multipart: { [`$ACTION_ID_${id}`]: '', email: 'someone@example.test', password: 'x' } });
    },
    8,
  );

  const refusals = lines.filter((line) => line.includes('"action.refused"'));
  expect(refusals, lines.join('\n')).toHaveLength(8);
  for (const line of refusals) expect(JSON.parse(line)).toMatchObject({ level: 'warn', event: 'action.refused', reason: expect.any(String) });
  expect(
    lines.filter((line) => /^\s+at /.test(line)),
    'stack frames in the log',
  ).toEqual([]);
  // The in-process job worker logs what it does (emails other tests caused) whenever it runs;
  // every request has its own line (server/request-telemetry.ts).
  const backgroundWork = (line: string) => /"event":"(job|email)\./.test(line);
  const requestLine = (line: string) => /"concern":"http".*"event":"request"/.test(line);
  expect(
    lines.filter((line) => !line.includes('"action.refused"') && !line.includes('Missing `origin` header') && !backgroundWork(line) && !requestLine(line)),
    'other lines',
  ).toEqual([]);
});

test('a form body over the action limit is answered 413 before Next.js reads it, in one log line', async ({ request, baseURL }) => {
  const id = await formActionId(request, '/signin');
  const lines = await logLinesOf(
    baseURL,
    async () => {
      const response = await request.post('/signin', {
        headers: { Origin: new URL(baseURL!).origin },
        multipart: { [`$ACTION_ID_${id}`]: '', body: 'a'.repeat(3 * 1024 * 1024) },
      });
      expect(response.status()).toBe(413);
      expect(await response.text()).toContain('too large');
    },
    1,
  );
  expect(lines.filter((line) => /^\s+at /.test(line))).toEqual([]);
});
