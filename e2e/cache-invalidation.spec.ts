// Several app instances share one database, each with its own data cache.
// A change made elsewhere (another instance, or the seed command) is announced
// on PostgreSQL's parley_cache channel, and this instance drops its cached
// pages at once. The "other instance" here is this test: it changes the
// database directly and sends the same NOTIFY another instance would.
import { articlePath, articleSlug, createCommenter, seedComment } from './comment-fixtures';
import { expect, test } from './fixtures';
import { database, uniqueTag } from './users';

async function notifyFromAnotherInstance(tags: string[]) {
  await database().query(`SELECT pg_notify('parley_cache', $1)`, [JSON.stringify({ tags, origin: 'another-instance' })]);
}

test('a comment written through another instance reaches this instance’s cached page as soon as it is announced', async ({ request }) => {
  const author = await createCommenter();
  // Fills this instance's cache for the anonymous page.
  expect((await request.get(articlePath)).status()).toBe(200);

  const text = `Written on another instance ${uniqueTag()}`;
  await seedComment(author, text);
  // Still the cached copy: nothing told this instance yet.
  expect(await (await request.get(articlePath)).text()).not.toContain(text);

  await notifyFromAnotherInstance([`article:${articleSlug}`, 'article-list']);
  await expect.poll(async () => (await request.get(articlePath)).text(), { timeout: 10_000 }).toContain(text);
});

test('the revalidation route refuses requests not signed by this site', async ({ request }) => {
  const response = await request.post('/api/internal/revalidate', { data: { tags: [`article:${articleSlug}`] } });
  expect(response.status()).toBe(403);
  const forged = await request.post('/api/internal/revalidate', {
    data: { tags: [`article:${articleSlug}`] },
    headers: { 'X-Parley-Signature': 'f'.repeat(64) },
  });
  expect(forged.status()).toBe(403);
});
