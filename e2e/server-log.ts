// The e2e server's output, also written to a file (playwright.config.ts pipes
// it through `tee`), so a test can check what a request left in the log.
import { open, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** One file per port: other worktrees run their suites on other ports of the same machine. */
export const serverLogPath = (port: number | string) => path.join(os.tmpdir(), `parley-e2e-server-${port}.log`);

const portOf = (baseURL: string | undefined) => {
  if (!baseURL) throw new Error('The server log needs the baseURL of playwright.config.ts.');
  return new URL(baseURL).port;
};

/** How much the server has written so far: read from here afterwards to see what a test's requests logged. */
export async function serverLogSize(baseURL: string | undefined): Promise<number> {
  return (await stat(serverLogPath(portOf(baseURL)))).size;
}

/** What the server has written since `from` (a size from serverLogSize). */
export async function serverLogSince(baseURL: string | undefined, from: number): Promise<string> {
  const file = await open(serverLogPath(portOf(baseURL)), 'r');
  try {
    const { size } = await file.stat();
    const buffer = Buffer.alloc(Math.max(0, size - from));
    await file.read(buffer, 0, buffer.length, from);
    return buffer.toString('utf8');
  } finally {
    await file.close();
  }
}
