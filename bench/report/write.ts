// Writes the report: <outDir>/<YYYY-MM-DD>.md and .json (a second run on the
// same day overwrites them: git keeps the history), and <outDir>/latest.md,
// which links to the newest report and repeats its headline table.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BenchResult } from '../result';
import { headlineTable, renderReport } from './markdown';

async function writeAtomically(file: string, text: string) {
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
}

export async function writeReport(result: BenchResult, log: (message: string) => void): Promise<{ markdown: string; json: string }> {
  const dir = result.meta.options.outDir;
  await mkdir(dir, { recursive: true });
  const base = result.meta.startedAt.slice(0, 10);
  const markdown = path.join(dir, `${base}.md`);
  const json = path.join(dir, `${base}.json`);
  const report = renderReport(result);
  await writeAtomically(markdown, report);
  await writeAtomically(json, `${JSON.stringify(result, null, 1)}\n`);
  await writeAtomically(
    path.join(dir, 'latest.md'),
    [
      '# Latest bench report',
      '',
      `[${base}.md](${base}.md) (${result.meta.mode} run, ${result.meta.startedAt}, commit ${result.meta.git.commit}${result.meta.git.changedSources.length ? ' with uncommitted changes' : ''}; figures as JSON in [${base}.json](${base}.json)).`,
      '',
      headlineTable(result),
      '',
    ].join('\n'),
  );
  console.log(`\n${headlineTable(result)}\n`);
  log(`Report written to ${path.relative(process.cwd(), markdown)} (and .json, latest.md).`);
  return { markdown, json };
}
