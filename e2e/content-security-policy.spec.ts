// The Content-Security-Policy (server/html-csp.ts) in Chromium: every page
// loads, hydrates and works under it with no violation at all, and it
// refuses what it is there to refuse.
//
// Violations are collected in the page itself (a `securitypolicyviolation`
// listener installed before any script of the page runs, reporting to the
// test), from the console, and as requests to the report endpoint; the
// browserErrors fixture also fails a test on any console error.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page, Response } from '@playwright/test';
import { articlePath, composer, createCommenter, postComment } from './comment-fixtures';
import { expect, test } from './fixtures';
import { createUser, signIn, uniqueTag } from './users';

type Violation = { directive: string; blocked: string; sample: string; page: string };

/** Starts collecting every CSP violation of the context's pages, and every report the browser sends. */
async function watchViolations(context: BrowserContext, page: Page) {
  const violations: Violation[] = [];
  const consoleMentions: string[] = [];
  const reports: string[] = [];
  await context.exposeBinding('__parleyCspViolation', ({ frame }, violation: Omit<Violation, 'page'>) => {
    violations.push({ ...violation, page: frame.url() });
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __parleyCspViolation: (violation: object) => void }).__parleyCspViolation;
      void report({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample });
    });
  });
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) consoleMentions.push(message.text());
  });
  context.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/csp-report') reports.push(request.postData() ?? '');
  });
  return { violations, consoleMentions, reports };
}

/** The page's policy is the strict one. */
function expectStrictPolicy(response: Response | null) {
  const policy = response?.headers()['content-security-policy'] ?? '';
  expect(policy).toContain("'strict-dynamic'");
  expect(policy).toMatch(/script-src 'strict-dynamic' 'sha256-[A-Za-z0-9+/]{43}='/);
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("base-uri 'none'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toMatch(/'unsafe-eval'|'nonce-/);
  expect(response?.headers()['reporting-endpoints']).toBe('csp="/api/csp-report"');
}

/** React has hydrated the page: its DOM nodes carry React's fibers once claimed. */
async function expectHydrated(page: Page) {
  await expect
    .poll(() => page.locator('main').evaluate((main) => Object.keys(main).some((key) => key.startsWith('__reactFiber$'))), { message: 'React hydrated <main>' })
    .toBe(true);
}

async function visit(page: Page, path: string, status = 200) {
  const response = await page.goto(path);
  expect(response?.status()).toBe(status);
  expectStrictPolicy(response);
  await expectHydrated(page);
}

test('a hash-source in script-src allows an external script whose integrity matches it (CSP Level 3), and only then', async ({ browser }) => {
  // What the policy stands on, shown on a bare server: Chromium allows
  // <script src integrity> by its hash, and 'strict-dynamic' the scripts it loads.
  const loader = 'window.loaderRan = true; const s = document.createElement("script"); s.src = "/lazy.js"; document.head.append(s);';
  const integrity = `sha256-${createHash('sha256').update(loader).digest('base64')}`;
  const server = http.createServer((request, response) => {
    if (request.url === '/loader.js') return void response.writeHead(200, { 'content-type': 'text/javascript' }).end(loader);
    if (request.url === '/lazy.js') return void response.writeHead(200, { 'content-type': 'text/javascript' }).end('window.lazyRan = true;');
    const listed = request.url === '/listed' ? `'${integrity}'` : `'sha256-${createHash('sha256').update('other').digest('base64')}'`;
    response.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': `script-src 'strict-dynamic' ${listed}` });
    response.end(`<!doctype html><title>t</title><script src="/loader.js" integrity="${integrity}"></script>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A context of its own: the refusal below is the point, not an error for the fixture to fail on.
  const context = await browser.newContext();
  const page = await context.newPage();
  const ran = () => page.evaluate(() => ({ loader: 'loaderRan' in window, lazy: 'lazyRan' in window }));
  const refused: string[] = [];
  page.on('console', (message) => refused.push(message.text()));
  try {
    await page.goto(`${origin}/listed`);
    await expect.poll(ran).toEqual({ loader: true, lazy: true });
    await page.goto(`${origin}/not-listed`);
    await page.waitForLoadState('load');
    expect(await ran()).toEqual({ loader: false, lazy: false });
    expect(refused.some((text) => text.includes('violates the following Content Security Policy directive'))).toBe(true);
  } finally {
    await context.close();
    server.close();
  }
});

function expectNoViolations(watched: Awaited<ReturnType<typeof watchViolations>>) {
  expect(watched.violations).toEqual([]);
  expect(watched.consoleMentions).toEqual([]);
  expect(watched.reports).toEqual([]);
}

test.describe('every page loads, hydrates and works with no CSP violation', () => {
  test('anonymous: the front page, an article (the composer counts), sign-up (answers in place), sign-in, not found', async ({ page, context }) => {
    const watched = await watchViolations(context, page);
    await visit(page, '/');
    await visit(page, articlePath);
    await composer(page).fill('Twelve chars');
    await expect(page.locator('#comments .composer__count').first()).toHaveText('12 / 5,000');
    await visit(page, '/signup');
    // The sign-up form answers in place (a server action called by React), not by reloading.
    const action = page.waitForRequest((request) => request.method() === 'POST' && request.headers()['next-action'] !== undefined);
    await page.getByRole('button', { name: 'Create account' }).click();
    await action;
    await expect(page.getByRole('alert').first()).toBeVisible();
    await visit(page, '/signin');
    await visit(page, '/forgot-password');
    await visit(page, '/reset-password');
    await visit(page, `/no-such-page-${uniqueTag()}`, 404);
    expectNoViolations(watched);
  });

  test('a reader: the article (a comment posted, a panel opened by client state), the account page and the notifications page', async ({ page, context }) => {
    const watched = await watchViolations(context, page);
    const reader = await createCommenter();
    await signIn(page, reader);
    await visit(page, articlePath);
    await composer(page).fill('Counting');
    await expect(page.locator('#comment-form .composer__count')).toHaveText('8 / 5,000');
    const posted = await postComment(page, `A comment under a strict policy ${uniqueTag()}`);
    // Opening one panel closes the other: React state, not the browser's <details>.
    const replyPanel = posted.locator('details.comment__panel').filter({ has: page.locator('summary', { hasText: 'Reply' }) });
    await replyPanel.locator('summary').click();
    await expect(replyPanel).toHaveAttribute('open', '');
    await posted.locator('summary', { hasText: 'Edit' }).click();
    await expect(replyPanel).not.toHaveAttribute('open', '');
    await visit(page, '/account');
    await visit(page, '/notifications');
    expectNoViolations(watched);
  });

  test("a moderator's console (its keyboard help opens) and the admin's page", async ({ page, context }) => {
    const watched = await watchViolations(context, page);
    const moderator = await createUser({ role: 'MODERATOR', name: `Moderator ${uniqueTag()}` });
    await signIn(page, moderator);
    await visit(page, '/moderation');
    await page.getByRole('button', { name: /all shortcuts/ }).click();
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();

    const admin = await createUser({ role: 'ADMIN', name: `Admin ${uniqueTag()}` });
    await context.clearCookies();
    await signIn(page, admin);
    await visit(page, '/admin');
    expectNoViolations(watched);
  });
});

test('the policy is enforced: markup cannot become script (inline script, event handler), nor can eval; each refusal is seen', async ({
  browser,
  baseURL,
  clientAddress,
}) => {
  // A context of its own: Chromium logs each refusal as a console error, which is the point here.
  const context = await browser.newContext({ baseURL, extraHTTPHeaders: { 'X-Forwarded-For': clientAddress } });
  const page = await context.newPage();
  const watched = await watchViolations(context, page);
  await visit(page, articlePath);

  // As injected markup would: an inline <script> the parser meets (in a srcdoc
  // frame, which inherits the page's policy) and an event handler attribute.
  // (A script element made by code already running is allowed: 'strict-dynamic'
  // trusts what running scripts create, and that code is past any policy.)
  const evalRan = await page.evaluate(async () => {
    const holder = document.createElement('div');
    holder.innerHTML = '<iframe srcdoc="<script>parent.injectedScriptRan = true</script>"></iframe>' + '<img src="data:," onerror="window.injectedHandlerRan = true">';
    document.body.append(holder);
    // From a task of the page's own: code DevTools evaluates itself may eval regardless of CSP.
    return new Promise<boolean>((resolve) =>
      setTimeout(() => {
        try {
          resolve(eval('1 + 1') === 2);
        } catch {
          resolve(false); // EvalError: refused by the policy.
        }
      }, 0),
    );
  });
  expect(evalRan).toBe(false);
  await expect.poll(() => watched.violations.map((violation) => violation.directive).sort()).toEqual(['script-src', 'script-src-attr', 'script-src-elem']);
  expect(await page.evaluate(() => ({ script: 'injectedScriptRan' in window, handler: 'injectedHandlerRan' in window }))).toEqual({ script: false, handler: false });
  expect(watched.violations.find((violation) => violation.directive === 'script-src-elem')?.sample).toContain('parent.injectedScriptRan');
  expect(watched.consoleMentions.length).toBeGreaterThan(0);
  await context.close();
});

test('the report endpoint takes both report formats and refuses anything else', async ({ request }) => {
  const legacy = {
    'csp-report': { 'document-uri': 'http://localhost/articles/x', 'blocked-uri': 'inline', 'effective-directive': 'script-src-elem', disposition: 'enforce' },
  };
  const batch = [
    {
      type: 'csp-violation',
      url: 'http://localhost/',
      body: { documentURL: 'http://localhost/', effectiveDirective: 'script-src-elem', blockedURL: 'eval', disposition: 'enforce' },
    },
  ];
  const post = (data: string, contentType: string) => request.post('/api/csp-report', { data, headers: { 'content-type': contentType } });
  expect((await post(JSON.stringify(legacy), 'application/csp-report')).status()).toBe(204);
  expect((await post(JSON.stringify(batch), 'application/reports+json')).status()).toBe(204);
  expect((await post(JSON.stringify(legacy), 'application/json')).status()).toBe(400);
  expect((await post('{"csp-report":', 'application/csp-report')).status()).toBe(400);
  expect((await post(JSON.stringify({ 'csp-report': { 'document-uri': 'x'.repeat(20_000) } }), 'application/csp-report')).status()).toBe(413);
});
