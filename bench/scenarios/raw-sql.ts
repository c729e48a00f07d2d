// Scenario 4: what PostgreSQL alone costs for the API's first page. The
// statements one anonymous first page (best) of the large thread sends,
// captured at the pg driver from listThreadPage, replayed through a plain `pg`
// Pool (as many connections as the app's pool, DATABASE_POOL_MAX's default of
// 10) by 50 concurrent callers in a tight loop, for as long as each API case:
// once the whole sequence (a "page"), once the top-level query alone.
import pg from 'pg';
import { findTopLevelQuery, type Statement } from '../database';
import { monitor, type Usage } from '../monitor';
import type { BenchOptions } from '../options';
import { type Summary, summarize } from '../stats';

export const RAW_POOL_SIZE = 10;

export type RawSqlCase = {
  label: string;
  statements: number;
  callers: number;
  seconds: number;
  runs: number;
  rate: number;
  latency: Summary;
  errors: number;
  usage: Usage;
};
export type RawSqlFigures = { poolSize: number; cases: RawSqlCase[]; firstPageStatements: number };

async function loop(pool: pg.Pool, statements: Statement[], callers: number, seconds: number, record: boolean) {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          for (const statement of statements) await pool.query({ text: statement.text, values: statement.values });
          if (record) latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}

export async function measureRawSql(databaseUrl: string, firstPage: Statement[], options: BenchOptions, log: (message: string) => void): Promise<RawSqlFigures> {
  const topLevel = findTopLevelQuery(firstPage);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: RAW_POOL_SIZE });
  try {
    const cases: RawSqlCase[] = [];
    for (const [label, statements] of [
      [`all ${firstPage.length} statements of a first page, in order`, firstPage],
      ['the top-level query alone', topLevel ? [topLevel] : []],
    ] as const) {
      if (!statements.length) continue;
      await loop(pool, statements, options.connections, options.warmupSeconds, false);
      const watch = monitor({ pid: process.pid });
      const { latencies, errors, seconds } = await loop(pool, statements, options.connections, options.apiSeconds, true);
      const usage = await watch.stop();
      const rate = latencies.length / seconds;
      cases.push({
        label,
        statements: statements.length,
        callers: options.connections,
        seconds,
        runs: latencies.length,
        rate,
        latency: summarize(latencies),
        errors,
        usage,
      });
      log(`Raw SQL, ${label}: ${rate.toFixed(0)}/s, p50 ${summarize(latencies).median.toFixed(1)} ms, p99 ${summarize(latencies).p99.toFixed(1)} ms.`);
    }
    return { poolSize: RAW_POOL_SIZE, cases, firstPageStatements: firstPage.length };
  } finally {
    await pool.end();
  }
}
