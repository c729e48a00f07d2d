// Runs server/main.ts in this process, compiled first with esbuild.
//
//   node server/launch.mjs [--dev] [--port 3000] [--hostname 0.0.0.0]
//   node server/launch.mjs --bundle-to <file> --root <dir>
//       writes one self-contained file for a standalone build (the Dockerfile):
//       everything but Next.js, React and pg (which the standalone output carries)
//       is bundled in, and the project root is <dir> wherever the file runs.
//
// Plain JavaScript so that Node runs it as it is. `node --import tsx` would
// keep tsx's module loader, a second V8 isolate on its own thread, alive for
// the server's whole life: 33 MB of resident memory here, a tenth of what
// issue 6 budgets for the server. Compiling the few files of server/ (and the
// lib/ modules they import) takes a few tens of milliseconds.
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, stop as stopEsbuild } from 'esbuild';

const serverDir = import.meta.dirname;
const root = path.resolve(serverDir, '..');
const bundleFlag = process.argv.indexOf('--bundle-to');
const bundleTo = bundleFlag === -1 ? undefined : process.argv[bundleFlag + 1];
const rootFlag = process.argv.indexOf('--root');
const bundleRoot = rootFlag === -1 ? undefined : process.argv[rootFlag + 1];

const { outputFiles } = await build({
  entryPoints: [path.join(serverDir, 'main.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Next.js, pg and the rest load from node_modules as they would under tsx.
  // A standalone build's node_modules holds only what Next.js traced.
  ...(bundleTo ? { external: ['next', 'next/*', 'react', 'react/*', 'react-dom', 'react-dom/*', 'pg', 'pg-native'] } : { packages: 'external' }),
  // main.ts finds the project from its own folder, not the compiled file's.
  define: { 'import.meta.dirname': JSON.stringify(bundleRoot ? path.join(bundleRoot, 'server') : serverDir) },
  // Bundled CommonJS packages may require() Node's own modules.
  ...(bundleTo ? { banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" } } : {}),
  tsconfig: path.join(root, 'tsconfig.json'),
  write: false,
  logLevel: 'warning',
});
const code = outputFiles[0].contents;
// esbuild's service, a child process, would otherwise live as long as the
// server: 17 MB of the resident memory issue 12 budgets at 300 MB (buildSync
// also kept a worker thread, a V8 isolate of its own, for it). Nothing is
// compiled after this.
await stopEsbuild();

if (bundleTo) {
  mkdirSync(path.dirname(path.resolve(bundleTo)), { recursive: true });
  writeFileSync(bundleTo, code);
  process.exit(0);
}

// Inside node_modules so that the compiled file resolves packages as main.ts
// does; named after its content so that servers starting at once (tests, the
// bench) never read each other's half-written file.
const outDir = path.join(root, 'node_modules', '.cache', 'parley-server');
const outFile = path.join(outDir, `main-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
mkdirSync(outDir, { recursive: true });
const partial = `${outFile}.${process.pid}.tmp`;
writeFileSync(partial, code);
renameSync(partial, outFile);

await import(pathToFileURL(outFile).href);
