// Server action requests that no browser of ours sends: raw HTTP, as a
// scanner or a hand-written client sends them. Each gets an answer that is not
// a crash.
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';

/** The id of the action behind the first form of a page, as React writes it into the page for posting without JavaScript. */
async function formActionId(request: APIRequestContext, path: string): Promise<string> {
  const html = await (await request.get(path)).text();
  const descriptor = /name="\$ACTION_1:0" value="([^"]+)"/.exec(html)?.[1];
  if (!descriptor) throw new Error(`No action form on ${path}`);
  const { id } = JSON.parse(descriptor.replaceAll('&quot;', '"').replaceAll('&amp;', '&')) as { id: string };
  return id;
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
