// Scenario 6: first-load JavaScript of the article page, as Chromium downloads
// it: the encoded (on-the-wire, compressed) body bytes of every script response
// until the page has loaded and the network is idle, for an anonymous reader
// and for a signed-in one (a fresh browser context each: nothing cached).
import type { Request } from '@playwright/test';
import { cookieFor, withBrowser } from '../browser';
import type { App } from '../http';
import type { BenchUser } from '../seed';
import { sessionCookie } from '../session';

export type ScriptDownload = { path: string; encodedBytes: number; decodedBytes: number; encoding: string; status: number };
export type FirstLoad = {
  reader: 'anonymous' | 'signed in';
  scripts: ScriptDownload[];
  encodedBytes: number;
  decodedBytes: number;
  encodings: string[];
  /** The HTML document itself, as transferred (not counted in the JavaScript). */
  documentBytes: number;
  networkIdle: boolean;
  ms: number;
};
export type FirstLoadFigures = { path: string; readers: FirstLoad[] };

export async function measureFirstLoadJs(app: App, pagePath: string, signedInUser: BenchUser, log: (message: string) => void): Promise<FirstLoadFigures> {
  const cookie = await sessionCookie(signedInUser, app.secret);
  return withBrowser(async (browser) => {
    const readers: FirstLoad[] = [];
    for (const reader of ['anonymous', 'signed in'] as const) {
      const context = await browser.newContext();
      if (reader === 'signed in') await context.addCookies([cookieFor(app.base, cookie)]);
      const page = await context.newPage();
      const pending: Promise<ScriptDownload | undefined>[] = [];
      let documentBytes = 0;
      const onFinished = (request: Request) => {
        pending.push(
          (async () => {
            const response = await request.response();
            if (!response) return undefined;
            const sizes = await request.sizes();
            if (request.resourceType() === 'document' && request.frame() === page.mainFrame()) documentBytes = sizes.responseBodySize;
            if (request.resourceType() !== 'script') return undefined;
            const decoded = await response.body().then((body) => body.length, () => Number.NaN);
            return {
              path: new URL(request.url()).pathname,
              encodedBytes: sizes.responseBodySize,
              decodedBytes: decoded,
              encoding: (await response.headerValue('content-encoding')) ?? 'identity',
              status: response.status(),
            };
          })(),
        );
      };
      page.on('requestfinished', onFinished);
      const started = performance.now();
      await page.goto(`${app.base}${pagePath}`, { waitUntil: 'load' });
      // The live comment stream (Server-Sent Events) may hold a connection open:
      // idle is waited for, but not forever.
      const networkIdle = await page.waitForLoadState('networkidle', { timeout: 15_000 }).then(() => true, () => false);
      const ms = performance.now() - started;
      // What finishes from now on (a prefetch, say) is not counted, and must not
      // be read once the context is closed: an unawaited read then rejects and
      // ends the run.
      page.off('requestfinished', onFinished);
      const scripts = (await Promise.all(pending)).filter((entry): entry is ScriptDownload => entry !== undefined).sort((a, b) => b.encodedBytes - a.encodedBytes);
      await context.close();
      const figures: FirstLoad = {
        reader,
        scripts,
        encodedBytes: scripts.reduce((sum, script) => sum + script.encodedBytes, 0),
        decodedBytes: scripts.reduce((sum, script) => sum + script.decodedBytes, 0),
        encodings: [...new Set(scripts.map((script) => script.encoding))],
        documentBytes,
        networkIdle,
        ms,
      };
      log(`First-load JavaScript, ${reader}: ${scripts.length} scripts, ${(figures.encodedBytes / 1000).toFixed(1)} kB compressed (${figures.encodings.join(', ')}).`);
      readers.push(figures);
    }
    return { path: pagePath, readers };
  });
}
