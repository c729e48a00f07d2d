// Scenario 6: first-load JavaScript of the article page, as Chromium downloads
// it: the encoded (on-the-wire, compressed) body bytes of every script response
// until the page has loaded and the network is idle, for an anonymous reader
// and for a signed-in one (a fresh browser context each: nothing cached).
//
// next/link prefetches the pages the article links to (the front page, sign
// in, ...) once the browser is idle: an RSC request per link, after which the
// router downloads those pages' scripts. They are for a later navigation, not
// this page, and whether they land before the network is idle is a matter of
// timing, so they are listed apart and not counted: a script is a prefetch's
// when a prefetch's answer names it and the page's own HTML does not (the
// page's dynamic imports are named by neither, and are counted). What the page
// loads only when the reader does something (focuses the composer, opens a
// panel) is not loaded here, and not counted.
import type { Page, Request } from '@playwright/test';
import { cookieFor, withBrowser } from '../browser';
import type { App } from '../http';
import type { BenchUser } from '../seed';
import { sessionCookie } from '../session';
import { kB } from '../report/format';

export type ScriptDownload = { path: string; encodedBytes: number; decodedBytes: number; encoding: string; status: number };
export type FirstLoad = {
  reader: 'anonymous' | 'signed in';
  /** The page's own scripts: what is counted. */
  scripts: ScriptDownload[];
  encodedBytes: number;
  decodedBytes: number;
  encodings: string[];
  /** Scripts only link prefetches asked for (other pages'), and the RSC prefetch requests themselves. Not counted. */
  prefetched: { scripts: ScriptDownload[]; encodedBytes: number; requests: number };
  /** The HTML document itself, as transferred (not counted in the JavaScript). */
  documentBytes: number;
  networkIdle: boolean;
  /** Whether the page showed the signed-in header ("Sign out") once settled: it must for the signed-in reader only. */
  signedInShown: boolean;
  ms: number;
};
export type FirstLoadFigures = { path: string; readers: FirstLoad[] };

type Finished = { kind: 'script'; script: ScriptDownload } | { kind: 'document'; bytes: number; text: string } | { kind: 'prefetch'; text: string } | undefined;

/** Whether a text names the script: as `static/chunks/...`, URL-encoded (`%5Bslug%5D`, as both the HTML and RSC payloads do) or not. */
const names = (text: string, path: string) => [path, decodeURIComponent(path)].some((form) => text.includes(form.replace(/^\/_next\//, '')));

/**
 * Waits until the page has loaded what it loads by itself: an idle network,
 * then an idle main thread (hydrating a large thread takes a while, and the
 * script it runs starts the page's dynamic imports and /api/viewer), again
 * until no new request started meanwhile. The live comment stream
 * (Server-Sent Events) may hold a connection open: idle is waited for, but not forever.
 */
async function settled(page: Page, requested: () => number): Promise<boolean> {
  for (let round = 0; round < 10; round++) {
    const before = requested();
    const idle = await page.waitForLoadState('networkidle', { timeout: 15_000 }).then(
      () => true,
      () => false,
    );
    await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 5_000 })));
    await page.waitForTimeout(500);
    if (!idle) return false;
    if (requested() === before) return true;
  }
  return false;
}

export async function measureFirstLoadJs(app: App, pagePath: string, signedInUser: BenchUser, log: (message: string) => void): Promise<FirstLoadFigures> {
  const cookie = await sessionCookie(signedInUser, app);
  return withBrowser(async (browser) => {
    const readers: FirstLoad[] = [];
    for (const reader of ['anonymous', 'signed in'] as const) {
      const context = await browser.newContext();
      if (reader === 'signed in') await context.addCookies([cookieFor(app.base, cookie)]);
      const page = await context.newPage();
      const pending: Promise<Finished>[] = [];
      const onFinished = (request: Request) => {
        pending.push(
          (async (): Promise<Finished> => {
            const response = await request.response();
            if (!response) return undefined;
            if (request.resourceType() === 'document' && request.frame() === page.mainFrame()) {
              return { kind: 'document', bytes: (await request.sizes()).responseBodySize, text: await response.text() };
            }
            // The App Router's RSC requests carry an `RSC` header; the page makes none of its own while loading.
            if ((await request.headerValue('rsc')) !== null) return { kind: 'prefetch', text: await response.text().catch(() => '') };
            if (request.resourceType() !== 'script') return undefined;
            const sizes = await request.sizes();
            const decoded = await response.body().then(
              (body) => body.length,
              () => Number.NaN,
            );
            return {
              kind: 'script',
              script: {
                path: new URL(request.url()).pathname,
                encodedBytes: sizes.responseBodySize,
                decodedBytes: decoded,
                encoding: (await response.headerValue('content-encoding')) ?? 'identity',
                status: response.status(),
              },
            };
          })(),
        );
      };
      page.on('requestfinished', onFinished);
      let requested = 0;
      page.on('request', () => requested++);
      const started = performance.now();
      await page.goto(`${app.base}${pagePath}`, { waitUntil: 'load' });
      const networkIdle = await settled(page, () => requested);
      // The signed-in reader's part is filled in by the page's script: it must have been.
      const signedInShown = await page
        .getByRole('button', { name: 'Sign out' })
        .isVisible()
        .catch(() => false);
      const ms = performance.now() - started;
      // What finishes from now on is not counted, and must not be read once the
      // context is closed: an unawaited read then rejects and ends the run.
      page.off('requestfinished', onFinished);
      const finished = await Promise.all(pending);
      await context.close();
      const documentText = finished.flatMap((f) => (f?.kind === 'document' ? [f.text] : [])).join('\n');
      const prefetchTexts = finished.flatMap((f) => (f?.kind === 'prefetch' ? [f.text] : []));
      const all = finished.flatMap((f) => (f?.kind === 'script' ? [f.script] : [])).sort((a, b) => b.encodedBytes - a.encodedBytes);
      const prefetchOnly = (s: ScriptDownload) => !names(documentText, s.path) && prefetchTexts.some((text) => names(text, s.path));
      const scripts = all.filter((s) => !prefetchOnly(s));
      const prefetchedScripts = all.filter(prefetchOnly);
      const figures: FirstLoad = {
        reader,
        scripts,
        encodedBytes: scripts.reduce((sum, script) => sum + script.encodedBytes, 0),
        decodedBytes: scripts.reduce((sum, script) => sum + script.decodedBytes, 0),
        encodings: [...new Set(scripts.map((script) => script.encoding))],
        prefetched: {
          scripts: prefetchedScripts,
          encodedBytes: prefetchedScripts.reduce((sum, script) => sum + script.encodedBytes, 0),
          requests: prefetchTexts.length,
        },
        documentBytes: finished.reduce((sum, f) => sum + (f?.kind === 'document' ? f.bytes : 0), 0),
        networkIdle,
        signedInShown,
        ms,
      };
      if (signedInShown !== (reader === 'signed in'))
        throw new Error(`First-load JavaScript: the ${reader} reader's page ${signedInShown ? 'shows' : 'does not show'} "Sign out".`);
      log(
        `First-load JavaScript, ${reader}: ${scripts.length} scripts, ${kB(figures.encodedBytes)} compressed (${figures.encodings.join(', ')})` +
          `; not counted: ${prefetchedScripts.length} script(s), ${kB(figures.prefetched.encodedBytes)}, after ${prefetchTexts.length} link prefetch(es).`,
      );
      readers.push(figures);
    }
    return { path: pagePath, readers };
  });
}
