// The counts of the cluster tests' fault run (cluster/faults.test.ts: writers
// through nginx while PostgreSQL restarts twice and an instance is killed),
// kept in a JSON file that the test writes after every run, passed or failed,
// and the bench report shows with its date and commit: the run takes minutes
// and restarts its own PostgreSQL, so the bench does not repeat it.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type GitState, gitState } from './git-state';

const root = path.resolve(import.meta.dirname, '..');

/** Where the counts go and are read from: PARLEY_FAULT_COUNTS_FILE, else bench/results/cluster-fault-latest.json. */
export function faultCountsFile(): string {
  return path.resolve(root, process.env.PARLEY_FAULT_COUNTS_FILE || path.join('bench', 'results', 'cluster-fault-latest.json'));
}

export type FaultRecovery = {
  kind: string;
  /** null: PostgreSQL did not come back within the run. */
  downMs: number | null;
  /** From PostgreSQL's return to the first acknowledged post, and to the first signed-in page; null: none came. */
  firstAckAfterMs: number | null;
  firstSignedInPageAfterMs: number | null;
};

export type FaultCounts = {
  writtenAt: string;
  git: GitState;
  /** Whether the test's assertions held; `failure` says the first that did not. */
  outcome: 'passed' | 'failed';
  failure?: string;
  writers: number;
  /** Length of the run (180 s unless PARLEY_FAULT_RUN_SECONDS). */
  seconds: number;
  /** Distinct posts sent (each retried with its idempotency key until acknowledged). */
  posts: number;
  acknowledged: number;
  /** Rows in the database with a marker of this run. */
  stored: number;
  /** Acknowledged, but not in the database. */
  lost: number;
  /** Markers stored more than once. */
  duplicated: number;
  /** Stored, but never acknowledged to the writer (its answer was lost): not a violation. */
  unacknowledgedStored: number;
  /** Answers (posts and the signed-in page) that were 503 with Retry-After: what the app and nginx answer while PostgreSQL or an instance is away. */
  served503WithRetryAfter: number;
  served500: number;
  /** Answers other than an acknowledgement or a 503 with Retry-After (a 500 among them), and requests cut other than by the SIGKILL. */
  violations: number;
  maxLatencyMs: number;
  recovery: FaultRecovery[];
  /** Answers by kind and status. */
  statuses: Record<string, number>;
};

export async function writeFaultCounts(counts: Omit<FaultCounts, 'writtenAt' | 'git'>): Promise<string> {
  const file = faultCountsFile();
  await mkdir(path.dirname(file), { recursive: true });
  const record: FaultCounts = { writtenAt: new Date().toISOString(), git: gitState(), ...counts };
  await writeFile(`${file}.tmp`, `${JSON.stringify(record, null, 1)}\n`);
  await rename(`${file}.tmp`, file);
  return file;
}

/** The latest counts, or why there are none. */
export type FaultCountsReading = { file: string; counts: FaultCounts } | { file: string; missing: string };

export async function readFaultCounts(): Promise<FaultCountsReading> {
  const file = faultCountsFile();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { file, missing: 'no such file: `npm run test:cluster` writes it (its fault test, "acknowledged means stored")' };
  }
  try {
    const counts = JSON.parse(text) as FaultCounts;
    if (typeof counts.writtenAt !== 'string' || typeof counts.acknowledged !== 'number') throw new Error('not the counts of a fault run');
    return { file, counts };
  } catch (error) {
    return { file, missing: `unreadable (${error instanceof Error ? error.message : String(error)})` };
  }
}
