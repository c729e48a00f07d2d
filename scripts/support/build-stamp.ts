// `npm start` runs `next build` only when something the build depends on changed:
// a hash of those inputs is kept beside the build output and compared on start.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const buildDir = path.join(root, '.next');
const stampFile = path.join(buildDir, 'parley-build-stamp');

/** Folders whose files end up in the build; lib/generated is derived from prisma/schema.prisma, which is hashed instead. */
const sourceDirs = ['app', 'components', 'lib', 'public', 'styles'];
const sourceFiles = [
  'package-lock.json',
  'next.config.js',
  'next.config.mjs',
  'next.config.ts',
  'tsconfig.json',
  'postcss.config.js',
  'postcss.config.mjs',
  'prisma/schema.prisma',
];
const skip = (relative: string) => relative.startsWith(`lib${path.sep}generated`) || /\.test\.tsx?$/.test(relative);

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .filter((relative) => !skip(relative));
}

export async function sourceHash(): Promise<string> {
  const files = [...(await Promise.all(sourceDirs.map(listFiles))).flat(), ...sourceFiles.filter((file) => existsSync(path.join(root, file)))].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Why a build is needed, or undefined when the existing one is current. */
export async function buildNeeded(hash: string): Promise<string | undefined> {
  if (!existsSync(path.join(buildDir, 'BUILD_ID'))) return 'no production build yet';
  const stamp = await readFile(stampFile, 'utf8').catch(() => '');
  if (stamp.trim() !== hash) return 'sources changed since the last build';
  return undefined;
}

export async function writeBuildStamp(hash: string) {
  await writeFile(stampFile, hash + '\n');
}

/** For builds made against other data (the test suite's), so `npm start` rebuilds. */
export async function clearBuildStamp() {
  await rm(stampFile, { force: true });
}

/**
 * Next's data cache (article pages, thread pages) lives in the build folder and
 * outlives the process, but it is only valid for the database it was filled
 * from: a fresh test database or a reset `.data/` would be served another
 * database's rows (ids included). Every server start begins with it empty.
 */
export async function clearDataCache(): Promise<void> {
  await rm(path.join(buildDir, 'cache', 'fetch-cache'), { recursive: true, force: true });
}
