// Every end-to-end test fails when the page logs a console error or throws:
// a hydration mismatch or a broken script is a bug even if the page looks right.
import { test as base, expect } from '@playwright/test';

export const test = base.extend<{ browserErrors: string[] }>({
  browserErrors: [
    async ({ page }, use) => {
      const consoleErrors: { text: string; url: string }[] = [];
      const pageErrors: string[] = [];
      // Chromium also logs "Failed to load resource" for a page that is itself
      // an error page (a 404 a test visits on purpose). That status belongs to
      // the test's assertions; a failing script, stylesheet or fetch still counts.
      const failedDocuments = new Set<string>();
      page.on('response', (response) => {
        const request = response.request();
        if (response.status() >= 400 && request.isNavigationRequest() && request.frame() === page.mainFrame()) {
          failedDocuments.add(response.url());
        }
      });
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push({ text: message.text(), url: message.location().url });
      });
      page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));

      await use(pageErrors);

      const errors = [
        ...consoleErrors
          .filter(({ text, url }) => !(text.startsWith('Failed to load resource') && failedDocuments.has(url)))
          .map(({ text, url }) => `console.error: ${text}${url ? ` (${url})` : ''}`),
        ...pageErrors,
      ];
      expect(errors, 'the browser reported errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
