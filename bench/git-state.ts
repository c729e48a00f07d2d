// What was measured: the commit checked out, and the sources changed since it
// (the build and the library scenarios read the working tree as it is).
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export type GitState = { commit: string; changedSources: string[] };

const root = path.resolve(import.meta.dirname, '..');

export function gitState(): GitState {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trimEnd();
  try {
    const changed = git('status', '--porcelain', '--', 'app', 'lib', 'components', 'server', 'scripts', 'prisma', 'next.config.js', 'package.json');
    return { commit: git('rev-parse', '--short', 'HEAD'), changedSources: changed ? changed.split('\n').map((line) => line.slice(3)) : [] };
  } catch {
    return { commit: 'unknown', changedSources: [] };
  }
}
