// Integration tests: real PostgreSQL from DATABASE_URL (npm test creates a
// throwaway database), never a mocked client.
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { db } from '@/lib/db';
import { articleBodySchema, paragraphsOf } from './article-body';
import { ArticleFormatError } from './parse-article-markdown';
import { ArticleExistsError, contentDir, importArticleFile, seedArticles } from './seed-articles';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const slug = 'russia-and-iran-navigating-a-complex-geopolitical-alliance';
// CI clones the repository with shared/ beside it.
const rawSeedPath = path.resolve(repoRoot, '../shared/seed/000_f808841d254569af.txt');

let tempDirs: string[] = [];
async function tempDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parley-seed-test-'));
  tempDirs.push(dir);
  return dir;
}

async function storedArticle(articleSlug: string) {
  return db.article.findUniqueOrThrow({ where: { slug: articleSlug } });
}

function markdown({ frontMatter, body }: { frontMatter: string; body: string }) {
  return `---\n${frontMatter.trim()}\n---\n\n${body.trim()}\n`;
}

const validFrontMatter = `slug: a-second-article\ntitle: "A Second Article"\nsummary: "Proves that imports add articles."`;

beforeEach(async () => {
  await db.article.deleteMany();
});

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  tempDirs = [];
  await db.$disconnect();
});

describe('seedArticles', () => {
  test('seeding twice creates the article once and then leaves every row untouched', async () => {
    const first = await seedArticles();
    expect(first.map((result) => [result.slug, result.outcome])).toEqual([[slug, 'created']]);
    const before = await storedArticle(slug);

    const second = await seedArticles();
    expect(second.map((result) => [result.slug, result.outcome])).toEqual([[slug, 'unchanged']]);
    const after = await storedArticle(slug);
    expect(after.updatedAt).toEqual(before.updatedAt);
    expect(after).toEqual(before);
    expect(await db.article.count()).toBe(1);
  });

  test('an edited content file updates the stored article with the new text', async () => {
    const dir = await tempDir();
    await cp(contentDir, dir, { recursive: true });
    await seedArticles(dir);

    const file = path.join(dir, `${slug}.md`);
    const original = await readFile(file, 'utf8');
    const edited = original.replace('## Conclusion\n\n', '## Conclusion\n\nA paragraph added by an editor.\n\n');
    expect(edited).not.toBe(original);
    await writeFile(file, edited);

    const results = await seedArticles(dir);
    expect(results.map((result) => result.outcome)).toEqual(['updated']);
    const body = articleBodySchema.parse((await storedArticle(slug)).body);
    const conclusion = body.sections.at(-1);
    expect(conclusion?.title).toBe('Conclusion');
    expect(conclusion?.paragraphs[0]?.text).toBe('A paragraph added by an editor.');
  });
});

describe('the seeded Russia and Iran article', () => {
  /**
   * The raw seed is a scrape: title, "Table of Contents", the contents as "- "
   * lines, then one line per paragraph with the next heading glued to its end,
   * and three image captions at the bottom that are not article text.
   */
  async function readRawSeed() {
    if (!existsSync(rawSeedPath)) {
      throw new Error(`The raw seed file is missing: expected ${rawSeedPath} (the shared/ folder checked out beside the repository).`);
    }
    const lines = (await readFile(rawSeedPath, 'utf8'))
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const captions = lines.slice(-3);
    const tocTitles = lines.filter((line) => line.startsWith('- ')).map((line) => line.slice(2));
    const subHeadings = ['Escalating Tensions and Diplomatic Maneuvers', "Russia's Stance on Regime Change and External Intervention"];
    const headings = [...tocTitles, ...subHeadings, 'Conclusion'];
    const bodyLines = lines.slice(lines.indexOf('Table of Contents') + 1 + tocTitles.length, -3);

    const paragraphs: string[] = [];
    const headingOrder: string[] = [];
    for (const line of bodyLines) {
      if (headings.includes(line)) {
        headingOrder.push(line);
        continue;
      }
      const glued = headings.find((heading) => line.endsWith(heading));
      paragraphs.push(glued ? line.slice(0, -glued.length) : line);
      if (glued) headingOrder.push(glued);
    }
    return { tocTitles, subHeadings, headingOrder, paragraphs, captions };
  }

  test('holds every paragraph of the raw seed word for word, in order, and none of its image captions', async () => {
    const raw = await readRawSeed();
    expect(raw.tocTitles).toHaveLength(8);
    expect(raw.paragraphs).toHaveLength(11);
    await seedArticles();
    const stored = await storedArticle(slug);
    const body = articleBodySchema.parse(stored.body);

    expect(paragraphsOf(body).map((paragraph) => paragraph.text)).toEqual(raw.paragraphs);
    const storedText = JSON.stringify(stored);
    for (const caption of raw.captions) expect(storedText).not.toContain(caption);
    expect(stored.title).toBe('Russia And Iran: Navigating A Complex Geopolitical Alliance');
  });

  test('keeps the eight contents sections, then Conclusion, and two sub-sections inside "The Shadow of Conflict"', async () => {
    const raw = await readRawSeed();
    await seedArticles();
    const body = articleBodySchema.parse((await storedArticle(slug)).body);

    expect(body.intro).toEqual([]);
    expect(body.sections.map((section) => section.title)).toEqual([...raw.tocTitles, 'Conclusion']);
    const withSubsections = body.sections.filter((section) => section.subsections.length > 0);
    expect(withSubsections.map((section) => section.title)).toEqual(['The Shadow of Conflict: Israel, Iran, and Russian Diplomacy']);
    expect(withSubsections[0]?.subsections.map((subsection) => subsection.title)).toEqual(raw.subHeadings);
    // Headings in reading order match the order they appear in the seed.
    const readingOrder = body.sections.flatMap((section) => [section.title, ...section.subsections.map((sub) => sub.title)]);
    expect(readingOrder).toEqual(raw.headingOrder);
  });
});

describe('importArticleFile', () => {
  test('a new Markdown file becomes a second article', async () => {
    await seedArticles();
    const file = path.join(await tempDir(), 'second.md');
    await writeFile(file, markdown({ frontMatter: validFrontMatter, body: '## Opening\n\nThe first paragraph.' }));

    const result = await importArticleFile(file);
    expect(result).toMatchObject({ slug: 'a-second-article', outcome: 'created' });
    expect(await db.article.count()).toBe(2);
    const body = articleBodySchema.parse((await storedArticle('a-second-article')).body);
    expect(paragraphsOf(body).map((paragraph) => paragraph.text)).toEqual(['The first paragraph.']);
  });

  test('importing an existing slug again is refused unless replace is given', async () => {
    const file = path.join(await tempDir(), 'second.md');
    await writeFile(file, markdown({ frontMatter: validFrontMatter, body: '## Opening\n\nThe first paragraph.' }));
    await importArticleFile(file);

    await writeFile(file, markdown({ frontMatter: validFrontMatter, body: '## Opening\n\nA rewritten paragraph.' }));
    await expect(importArticleFile(file)).rejects.toThrow(ArticleExistsError);
    await expect(importArticleFile(file)).rejects.toThrow(/already exists.*--replace/);

    expect(await importArticleFile(file, { replace: true })).toMatchObject({ outcome: 'updated' });
    const body = articleBodySchema.parse((await storedArticle('a-second-article')).body);
    expect(paragraphsOf(body).map((paragraph) => paragraph.text)).toEqual(['A rewritten paragraph.']);
    expect(await db.article.count()).toBe(1);
  });

  test.each([
    ['a missing title', 'slug: no-title\nsummary: "No title here."', /title/],
    ['a slug that is not lowercase-with-hyphens', 'slug: Not A Slug!\ntitle: "Bad slug"\nsummary: "Bad slug."', /slug/],
  ])('front matter with %s is refused and named', async (_case, frontMatter, problem) => {
    const file = path.join(await tempDir(), 'bad.md');
    await writeFile(file, markdown({ frontMatter, body: '## Opening\n\nText.' }));
    const attempt = importArticleFile(file);
    await expect(attempt).rejects.toThrow(ArticleFormatError);
    await expect(attempt).rejects.toThrow(problem);
    expect(await db.article.count()).toBe(0);
  });

  test.each([
    ['an image', '## Opening\n\n![A map of Russia](map.png)\n\nText.', /image/],
    ['raw HTML', '## Opening\n\n<div class="map">A map</div>\n\nText.', /html/i],
  ])('a body with %s is refused and named', async (_case, body, problem) => {
    const file = path.join(await tempDir(), 'unsupported.md');
    await writeFile(file, markdown({ frontMatter: validFrontMatter, body }));
    const attempt = importArticleFile(file);
    await expect(attempt).rejects.toThrow(ArticleFormatError);
    await expect(attempt).rejects.toThrow(problem);
    expect(await db.article.count()).toBe(0);
  });
});
