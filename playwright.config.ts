// Playwright runs against the production build (server/main.ts: Next.js behind the page cache), as readers see it.
// `npm test` builds first and passes the e2e database in DATABASE_URL.
import { existsSync } from 'node:fs';
import { chromium, defineConfig, devices } from '@playwright/test';
import { testIdentityProvider } from './e2e/oidc-provider';
import { serverLogPath } from './e2e/server-log';
import { e2eMetricsToken } from './e2e/server-settings';

const port = Number(process.env.PARLEY_E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;

/**
 * A system Chromium first (Playwright's own download is not reachable
 * everywhere, apt's package is), then Playwright's browser if installed.
 */
function chromiumPath(): string {
  const candidates = [process.env.PARLEY_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  const system = candidates.find((candidate) => candidate && existsSync(candidate));
  if (system) return system;
  const bundled = chromium.executablePath();
  if (bundled && existsSync(bundled)) return bundled;
  throw new Error(
    'No Chromium found for the end-to-end tests. Install one with `apt-get install chromium` (Debian/Ubuntu) or `npx playwright install chromium`, or point PARLEY_CHROMIUM at a Chromium/Chrome binary.',
  );
}

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  // Two cores: one browser at a time next to the Next.js server keeps timings stable.
  workers: 1,
  reporter: [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }]],
  // Starts the OpenID provider behind "Continue with Parley Test ID" (e2e/oidc-provider.ts).
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: chromiumPath(),
          // --no-sandbox: Chromium's sandbox cannot run as root or in most
          // containers; the tests only visit our own local server.
          args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        },
      },
    },
  ],
  webServer: {
    // As `npm start` runs it (serverCommand and serverEnv in scripts/support/processes.ts;
    // Playwright cannot load that ES module from its config). `tee` keeps a copy
    // of the output for tests of what requests leave in the log (e2e/server-log.ts).
    // The console shows the server's output less its one line per request
    // (e2e/operations.spec.ts reads those from the file).
    command: `MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=32768 node --max-old-space-size=192 --max-semi-space-size=8 server/launch.mjs --port ${port} 2>&1 | tee ${serverLogPath(port)} | grep --line-buffered -v '"concern":"http".*"event":"request"'`,
    url: baseURL,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      DATABASE_URL: process.env.DATABASE_URL ?? '',
      PORT: String(port),
      NEXT_TELEMETRY_DISABLED: '1',
      // Each test sends its own X-Forwarded-For (e2e/fixtures.ts), so the
      // per-address rate limits apply per test instead of to the whole suite.
      TRUST_PROXY: '1',
      OIDC_ISSUER: testIdentityProvider.issuer,
      OIDC_CLIENT_ID: testIdentityProvider.clientId,
      OIDC_CLIENT_SECRET: testIdentityProvider.clientSecret,
      OIDC_NAME: testIdentityProvider.name,
      // The suite's mail catcher (scripts/test.ts), also shown at /dev/mailbox as
      // with npm start's embedded default; e2e/mailbox.ts reads the same folder.
      SMTP_URL: process.env.SMTP_URL ?? '',
      PARLEY_EMBEDDED_DB: process.env.PARLEY_E2E_MAILBOX_DIR ? '1' : '0',
      PARLEY_MAILBOX_DIR: process.env.PARLEY_E2E_MAILBOX_DIR ?? '',
      METRICS_TOKEN: e2eMetricsToken,
    },
  },
});
