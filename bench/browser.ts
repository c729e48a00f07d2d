// Chromium through Playwright, for the two scenarios a browser answers: how the
// comment composer posts (scenario 5 replays it) and what JavaScript an article
// page loads (scenario 6). The system Chromium when there is one, like the
// end-to-end tests, else Playwright's own.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from '@playwright/test';
import { onCleanup } from './cleanup';

export function chromiumPath(): string | undefined {
  const candidates = [process.env.PARLEY_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((candidate) => candidate && existsSync(candidate));
}

export async function withBrowser<T>(run: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    // --no-sandbox: Chromium's sandbox cannot run as root or in most containers;
    // the bench only visits its own loopback server.
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const close = onCleanup('browser', () => browser.close());
  try {
    return await run(browser);
  } finally {
    await close();
  }
}

export const cookieFor = (base: string, cookie: string) => {
  const [name, ...value] = cookie.split('=');
  return { name: name!, value: value.join('='), url: base, httpOnly: true, sameSite: 'Lax' as const };
};
