import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { articleExists, upsertArticle, type UpsertOutcome } from './upsert-article';
import { parseArticleMarkdown } from './parse-article-markdown';

export const contentDir = path.resolve(process.cwd(), 'content/articles');

export type SeedResult = { file: string; slug: string; outcome: UpsertOutcome };

/** Loads every Markdown file in content/articles; safe to run any number of times. */
export async function seedArticles(dir = contentDir): Promise<SeedResult[]> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.md')).sort();
  const results: SeedResult[] = [];
  for (const file of files) {
    const parsed = parseArticleMarkdown(await readFile(path.join(dir, file), 'utf8'), file);
    results.push({ file, slug: parsed.slug, outcome: await upsertArticle(parsed) });
  }
  return results;
}

export class ArticleExistsError extends Error {
  override name = 'ArticleExistsError';
}

/**
 * Imports one Markdown file as a new article. An existing slug is refused unless
 * `replace` is set, so an import never silently overwrites another article.
 */
export async function importArticleFile(file: string, { replace = false } = {}): Promise<SeedResult> {
  const parsed = parseArticleMarkdown(await readFile(file, 'utf8'), path.basename(file));
  if (!replace && (await articleExists(parsed.slug))) {
    throw new ArticleExistsError(`An article with slug "${parsed.slug}" already exists. Change the slug in the front matter, or pass --replace to overwrite it.`);
  }
  return { file, slug: parsed.slug, outcome: await upsertArticle(parsed) };
}
