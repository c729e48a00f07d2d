import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

const articleTitle = 'Russia And Iran: Navigating A Complex Geopolitical Alliance';
const articlePath = '/articles/russia-and-iran-navigating-a-complex-geopolitical-alliance';

test('a reader opens the front page and follows the link to the article', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Latest analysis');
  const card = page.getByRole('article').filter({ hasText: articleTitle });
  await expect(card).toContainText('min read');
  await expect(card).toContainText(/\d+ comments?/);
  await card.getByRole('link', { name: articleTitle }).click();
  await expect(page).toHaveURL(articlePath);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(articleTitle);
});

test('the article has one h1, a section heading per contents entry and its landmarks', async ({ page }) => {
  await page.goto(articlePath);
  await expect(page.locator('h1')).toHaveCount(1);
  await expect(page.getByRole('main')).toHaveCount(1);
  await expect(page.getByRole('article')).toHaveCount(1);
  const toc = page.getByRole('navigation', { name: 'Contents' });
  await expect(toc).toBeVisible();
  await expect(page.locator('article h2')).toHaveText([
    'The Evolving Landscape of Russia-Iran Relations',
    "Moscow's Delicate Dance Amidst Regional Tensions",
    'The Shadow of Conflict: Israel, Iran, and Russian Diplomacy',
    'A Partnership Forged in Shared Interests and Global Shifts',
    "Iran's Role in Russia's Geopolitical Strategy",
    'The Limits of Alliance: Military Aid and Strategic Ambiguity',
    "Russia's Enduring Quest for Middle East Influence",
    'Looking Ahead: The Future Trajectory of Russia-Iran Relations',
    'Conclusion',
  ]);
  await expect(page.locator('article h3')).toHaveText(['Escalating Tensions and Diplomatic Maneuvers', "Russia's Stance on Regime Change and External Intervention"]);
  // The stray image captions at the end of the scraped seed are not article text.
  await expect(page.getByText('Guide of the World')).toHaveCount(0);
  await expect(page.getByText('United States Department of State')).toHaveCount(0);
  // The comment thread's place comes after the conclusion.
  const conclusionBottom = await page.locator('#conclusion').evaluate((el) => el.getBoundingClientRect().bottom);
  const commentsTop = await page.locator('#comments').evaluate((el) => el.getBoundingClientRect().top);
  expect(commentsTop).toBeGreaterThan(conclusionBottom);
});

test('every contents link lands on its section', async ({ page }) => {
  await page.goto(articlePath);
  const links = page.getByRole('navigation', { name: 'Contents' }).getByRole('link');
  const count = await links.count();
  expect(count).toBe(11);
  for (let i = 0; i < count; i++) {
    const link = links.nth(i);
    const name = (await link.textContent())?.trim() ?? '';
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/^#[a-z0-9-]+$/);
    await link.click();
    await expect(page).toHaveURL(new RegExp(`${href}$`));
    const target = page.locator(href);
    await expect(target).toHaveText(name);
    await expect(target).toBeInViewport();
  }
});

test('an unknown article gives a real 404 page', async ({ page }) => {
  const response = await page.goto('/articles/no-such-article');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await expect(page.getByRole('link', { name: 'See all articles' })).toBeVisible();
});

test('the article page carries canonical, Open Graph, Twitter and NewsArticle metadata', async ({ page }) => {
  await page.goto(articlePath);
  await expect(page).toHaveTitle(`${articleTitle} · Parley`);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', new RegExp(`${articlePath}$`));
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', articleTitle);
  await expect(page.locator('meta[property="og:type"]')).toHaveAttribute('content', 'article');
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary');
  const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').first().textContent()) ?? '{}') as Record<string, unknown>;
  expect(jsonLd['@type']).toBe('NewsArticle');
  expect(jsonLd.headline).toBe(articleTitle);
  // The seed gives no byline or date, so none is claimed.
  expect(jsonLd.author).toBeUndefined();
  expect(jsonLd.datePublished).toBeUndefined();
});

test('every response carries the security headers', async ({ request }) => {
  for (const path of ['/', articlePath, '/feed.xml', '/sitemap.xml', '/articles/no-such-article']) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBeTruthy();
    expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(headers['cross-origin-opener-policy'], path).toBe('same-origin');
    expect(headers['strict-transport-security'], path).toBeUndefined();
  }
  const overHttps = await request.get(articlePath, { headers: { 'x-forwarded-proto': 'https' } });
  expect(overHttps.headers()['strict-transport-security']).toContain('max-age=');
});

test('sitemap, robots and the RSS feed list the article', async ({ request }) => {
  const sitemap = await request.get('/sitemap.xml');
  expect(sitemap.status()).toBe(200);
  expect(await sitemap.text()).toContain(articlePath);
  const robots = await request.get('/robots.txt');
  expect(await robots.text()).toMatch(/Sitemap: .*\/sitemap\.xml/);
  const feed = await request.get('/feed.xml');
  expect(feed.headers()['content-type']).toContain('application/rss+xml');
  const xml = await feed.text();
  expect(xml).toContain('<rss version="2.0"');
  expect(xml).toContain(`<title>${articleTitle}</title>`);
});

for (const [name, path] of [
  ['the front page', '/'],
  ['the article page', articlePath],
  ['the 404 page', '/articles/no-such-article'],
] as const) {
  test(`${name} has no accessibility violations (axe)`, async ({ page }) => {
    await page.goto(path);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
}

test('the article reads in dark mode and on a phone without horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(articlePath);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).not.toBe('rgb(253, 252, 249)');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const darkResults = await new AxeBuilder({ page }).withTags(['wcag2aa']).analyze();
  expect(darkResults.violations.map((v) => v.id)).toEqual([]);
});

test('printing hides navigation and the contents box', async ({ page }) => {
  await page.goto(articlePath);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Contents' })).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});
