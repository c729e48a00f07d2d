// Every end-to-end test fails when the page logs a console error or throws:
// a hydration mismatch or a broken script is a bug even if the page looks right.
//
// Each test also comes from a client address of its own (X-Forwarded-For, which
// the e2e server trusts: TRUST_PROXY=1 in playwright.config.ts). Sign-in and
// sign-up are rate-limited per address, and every test runs from 127.0.0.1;
// without this, the suite would trip the product's real limits on itself.
import { randomInt } from 'node:crypto';
import { test as base, expect } from '@playwright/test';

/** A random private (10.0.0.0/8) address: one in 16 million, fresh per call. */
export function uniqueClientAddress(): string {
  return `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

/**
 * Chromium logs "Failed to load resource" for every answer of 400 or more,
 * fetches included. The composer's JSON post (POST /api/comments) answers a
 * refusal with its HTTP status (403 banned, 429 too fast, 503 database away...)
 * and shows it in the form: that answer is the test's to assert, not an error.
 */
export function isComposerRefusal(text: string, url: string): boolean {
  return /^Failed to load resource: the server responded with a status of (4\d\d|503)\b/.test(text) && url !== '' && new URL(url).pathname === '/api/comments';
}

export const test = base.extend<{ browserErrors: string[]; clientAddress: string }>({
  clientAddress: async ({}, use) => {
    await use(uniqueClientAddress());
  },
  // Covers every request of the test's pages, including server actions and
  // the `request` fixture; contexts a test opens itself choose their own.
  extraHTTPHeaders: async ({ extraHTTPHeaders, clientAddress }, use) => {
    await use({ ...extraHTTPHeaders, 'X-Forwarded-For': clientAddress });
  },
  browserErrors: [
    async ({ page }, use) => {
      const consoleErrors: { text: string; url: string }[] = [];
      const pageErrors: string[] = [];
      // Chromium also logs "Failed to load resource" for a page that is itself
      // an error page (a 404 a test visits on purpose). That status belongs to
      // the test's assertions; a failing script, stylesheet or fetch still counts.
      const failedDocuments = new Set<string>();
      // A link's RSC prefetch of a just-created article intermittently answers
      // 404 (a known bug, in the notes): Next.js then loads the page in full
      // when the link is followed, so the reader is not affected. Annotated on
      // the test, not failed; any other 404 still fails it.
      const failedPrefetches = new Set<string>();
      page.on('response', (response) => {
        const request = response.request();
        if (response.status() >= 400 && request.isNavigationRequest() && request.frame() === page.mainFrame()) {
          failedDocuments.add(response.url());
        }
        const headers = request.headers();
        if (response.status() === 404 && (headers['next-router-prefetch'] || headers['next-router-segment-prefetch'])) {
          failedPrefetches.add(response.url());
          base.info().annotations.push({ type: 'rsc-prefetch-404', description: response.url() });
        }
      });
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push({ text: message.text(), url: message.location().url });
      });
      page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));

      await use(pageErrors);

      const errors = [
        ...consoleErrors
          .filter(
            ({ text, url }) =>
              !(text.startsWith('Failed to load resource') && (failedDocuments.has(url) || failedPrefetches.has(url))) && !isComposerRefusal(text, url),
          )
          .map(({ text, url }) => `console.error: ${text}${url ? ` (${url})` : ''}`),
        ...pageErrors,
      ];
      expect(errors, 'the browser reported errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
