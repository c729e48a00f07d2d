// EXPLAIN (ANALYZE, BUFFERS) of captured statements, and the facts the report
// reads from a plan: sequential scans of Comment, sorts, rows thrown away.
import type pg from 'pg';
import type { Statement } from './database';

export type Plan = {
  label: string;
  statement: Statement;
  lines: string[];
  executionMs: number;
  /** A Seq Scan of the Comment table itself (not CommentReport and the like). */
  seqScan: boolean;
  sortNodes: string[];
  /** Rows the largest Sort node sorted, and whether a sort spilled to disk. */
  sortRows: number;
  external: boolean;
  rowsRemoved: number;
  indexes: string[];
};

export async function explainLines(client: pg.Client, statement: Statement): Promise<string[]> {
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values);
  return rows.map((row) => row['QUERY PLAN']);
}

export const executionMs = (lines: string[]) => Number(/Execution Time: ([\d.]+)/.exec(lines.join('\n'))?.[1] ?? Number.NaN);

export async function explain(client: pg.Client, label: string, statement: Statement): Promise<Plan> {
  const lines = await explainLines(client, statement);
  let sortRows = 0;
  let external = false;
  lines.forEach((line, i) => {
    if (!/(->\s+|^\s*)(Incremental )?Sort\b/.test(line)) return;
    sortRows = Math.max(sortRows, Number(/actual time=[\d.]+\.\.[\d.]+ rows=(\d+)/.exec(line)?.[1] ?? 0));
    if (/external|Disk:/.test(lines[i + 1] ?? '') || /external|Disk:/.test(lines[i + 2] ?? '')) external = true;
  });
  return {
    label,
    statement,
    lines,
    executionMs: executionMs(lines),
    seqScan: lines.some((line) => /Seq Scan on "?Comment"?(?![\w])/.test(line)),
    sortNodes: lines
      .filter((line) => /(->\s+|^\s*)(Incremental )?Sort\b/.test(line))
      .map((line) =>
        line
          .trim()
          .replace(/^->\s+/, '')
          .replace(/\s+\(cost.*$/, ''),
      ),
    sortRows,
    external,
    rowsRemoved: lines.reduce((sum, line) => sum + Number(/Rows Removed by Filter: (\d+)/.exec(line)?.[1] ?? 0), 0),
    indexes: [
      ...new Set(
        lines.flatMap((line) => [...line.matchAll(/(?:Index Scan(?: Backward)?|Index Only Scan|Bitmap Index Scan) (?:using|on) "?([\w]+)"?/g)].map((m) => m[1]!)),
      ),
    ],
  };
}

/** The scan nodes with their index and conditions, for a table cell. */
export function keyLines(lines: string[]): string[] {
  const wanted = /Limit|Scan|Sort|Index Cond|Filter:|Rows Removed|Execution Time/;
  return lines
    .filter((line) => wanted.test(line))
    .map((line) =>
      line
        .trim()
        .replace(/^->\s+/, '')
        .replace(/\s+\(cost=[^)]*\)/, '')
        .replace(/\|/g, '\\|'),
    )
    .slice(0, 8)
    .map((line) => `\`${line.length > 160 ? `${line.slice(0, 157)}...` : line}\``);
}

export function fullPlan(summary: string, lines: string[]): string[] {
  return [`<details><summary>${summary}</summary>`, '', '```', ...lines, '```', '', '</details>', ''];
}
