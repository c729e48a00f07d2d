// Two instances behind nginx behave as one site: what one instance does, the
// other shows and enforces at once (live streams, cached pages, rate limits,
// bans), and restarting them one at a time under load drops no request.
import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { type Browser, chromium } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromiumPath, cookieFor } from '../bench/browser';
import { startTestCluster, sleep, type TestCluster } from './harness';
import { clientAddress, get } from './http';
import { capturePoster, type Poster } from './posting';

let tc: TestCluster;
let poster: Poster;
let browser: Browser;
/** nginx by address (the test's requests choose their client address, which needs an IPv4 target). */
let nginx: string;
let app1: string;
let app2: string;

const tag = () => randomBytes(4).toString('hex');

beforeAll(async () => {
  tc = await startTestCluster();
  nginx = tc.cluster.url.replace('localhost', '127.0.0.1');
  [app1, app2] = tc.cluster.instances.map((instance) => instance.base) as [string, string];
  const [capturer] = await tc.createUsers(1);
  poster = await capturePoster({ base: nginx, secret: tc.secret, databaseUrl: tc.databaseUrl, slug: tc.article.slug }, capturer!);
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  await tc?.stop();
});

describe('across instances', () => {
  test('a comment posted through instance 1 appears live on a reader of instance 2, and in the cached anonymous pages of instance 2 and nginx within 2 s', async () => {
    const [writer] = await tc.createUsers(1);
    const page = await browser.newPage();
    const pagePath = tc.article.path;
    const streamOpen = page.waitForResponse((response) => new URL(response.url()).pathname === `/api${pagePath}/events`);
    await page.goto(`${app2}${pagePath}`);
    await streamOpen;

    // Both caches hold the anonymous page before the post.
    for (let i = 0; i < 2; i++) {
      expect((await get(`${app2}${pagePath}`)).status).toBe(200);
      expect((await get(`${nginx}${pagePath}`, { localAddress: clientAddress(1, 1) })).status).toBe(200);
    }
    expect((await get(`${app2}${pagePath}`)).headers['x-parley-cache']).toBe('HIT');

    const text = `Posted through instance one ${tag()}`;
    const posted = await poster.post({ base: app1, cookie: writer!.cookie, text, idempotencyKey: randomUUID() });
    expect(posted.postedId, posted.refusal).toBeTruthy();
    const postedAt = performance.now();

    const shownAfter = async (base: string, localAddress?: string) => {
      while (performance.now() - postedAt < 10_000) {
        const answer = await get(`${base}${pagePath}`, { localAddress });
        if (answer.status === 200 && answer.body.includes(text)) return performance.now() - postedAt;
        await sleep(100);
      }
      return Infinity;
    };
    const [onApp2, onNginx] = await Promise.all([shownAfter(app2), shownAfter(nginx, clientAddress(1, 2))]);
    console.log(`New comment in the cached anonymous page: instance 2 after ${onApp2.toFixed(0)} ms, nginx after ${onNginx.toFixed(0)} ms.`);
    expect(onApp2).toBeLessThanOrEqual(2000);
    expect(onNginx).toBeLessThanOrEqual(2000);

    const showNew = page.getByRole('button', { name: 'Show 1 new comment' });
    await showNew.waitFor({ state: 'visible', timeout: 10_000 });
    await showNew.click();
    await page.locator('article.comment', { hasText: text }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await page.close();
  });

  test('a rate limit hit on one instance holds on the other', async () => {
    const [writer] = await tc.createUsers(1);
    const first = await poster.post({ base: app1, cookie: writer!.cookie, text: `First of two ${tag()}`, idempotencyKey: randomUUID() });
    expect(first.postedId, first.refusal).toBeTruthy();
    const second = await poster.post({ base: app2, cookie: writer!.cookie, text: `Second of two ${tag()}`, idempotencyKey: randomUUID() });
    expect(second.postedId).toBeUndefined();
    expect(second.refusal).toMatch(/You are posting too quickly/);
  });

  test('a ban made on instance 1 ends the banned reader’s session on instance 2', async () => {
    const [[reader], [moderator]] = await Promise.all([tc.createUsers(1), tc.createUsers(1, 'MODERATOR')]);
    const text = `A remark before the ban ${tag()}`;
    const posted = await poster.post({ base: app1, cookie: reader!.cookie, text, idempotencyKey: randomUUID() });
    expect(posted.postedId, posted.refusal).toBeTruthy();

    const readerContext = await browser.newContext();
    await readerContext.addCookies([cookieFor(app2, reader!.cookie)]);
    const readerPage = await readerContext.newPage();
    await readerPage.goto(`${app2}${tc.article.path}`);
    await readerPage.getByRole('banner').getByRole('button', { name: 'Sign out' }).waitFor({ state: 'visible' });

    const moderatorContext = await browser.newContext();
    await moderatorContext.addCookies([cookieFor(app1, moderator!.cookie)]);
    const console = await moderatorContext.newPage();
    await console.goto(`${app1}/moderation?queue=recent&article=${tc.article.id}`);
    const item = console.locator('[data-queue-item]').filter({ hasText: text });
    await item.locator('summary', { hasText: 'Act on' }).click();
    await item.getByRole('textbox', { name: 'Ban reason' }).fill('Cluster test ban');
    await item.getByRole('button', { name: 'Ban', exact: true }).click();
    await console.locator('main').getByText('Banned.', { exact: true }).waitFor({ state: 'visible' });

    await readerPage.reload();
    await readerPage.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true }).waitFor({ state: 'visible' });
    expect(await readerPage.getByRole('banner').getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await Promise.all([readerContext.close(), moderatorContext.close()]);
  });
});

describe('rolling restart', () => {
  test('restarting the instances one at a time (SIGTERM, wait, start, wait ready) under read load through nginx drops no request', async () => {
    const [reader] = await tc.createUsers(1);
    const pagePath = tc.article.path;
    const targets = [
      { label: 'anonymous article', path: pagePath },
      { label: 'signed-in article', path: pagePath, cookie: reader!.cookie },
      { label: 'comments API', path: `/api${pagePath}/comments?sort=newest` },
      { label: 'signed-in comments API', path: `/api${pagePath}/comments?sort=oldest`, cookie: reader!.cookie },
      { label: 'front page', path: '/' },
    ];
    const failures: string[] = [];
    const latencies: number[] = [];
    let stop = false;
    // Six readers back to back, each from its own address over its own kept-alive connection to nginx.
    // A failure is any answer but 200, or none within nginx's own proxy_read_timeout (30 s): slow is not dropped.
    const readers = Array.from({ length: 6 }, async (_, n) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = n; !stop; i++) {
        const target = targets[i % targets.length]!;
        const answer = await get(`${nginx}${target.path}`, { cookie: target.cookie, localAddress: clientAddress(2, n), agent, timeoutMs: 30_000 });
        latencies.push(answer.ms);
        if (answer.status !== 200) failures.push(`${target.label}: ${answer.status || answer.error} after ${answer.ms.toFixed(0)} ms`);
      }
      agent.destroy();
    });
    await sleep(2000);
    const timings: string[] = [];
    for (const instance of tc.cluster.instances) {
      const started = performance.now();
      const code = await instance.stop('SIGTERM');
      const stoppedAfter = performance.now() - started;
      await instance.start();
      timings.push(`${instance.name}: exited ${code} after ${stoppedAfter.toFixed(0)} ms, ready again after ${(performance.now() - started).toFixed(0)} ms`);
      await sleep(2000);
    }
    stop = true;
    await Promise.all(readers);
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.floor(latencies.length * 0.99)] ?? 0;
    console.log(
      `Rolling restart: ${latencies.length} requests through nginx, ${failures.length} failed; p99 ${p99.toFixed(0)} ms, max ${(latencies.at(-1) ?? 0).toFixed(0)} ms. ${timings.join('; ')}.`,
    );
    expect(failures.slice(0, 20)).toEqual([]);
    expect(latencies.length).toBeGreaterThan(100);
  });
});
