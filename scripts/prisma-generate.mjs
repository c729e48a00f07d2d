// Runs `prisma generate` after `npm install`.
// The Prisma CLI looks for its native schema engine before generating and tries
// to download it when missing; generate never uses it, and the download is not
// reachable everywhere (offline machines, locked-down CI). Pointing the CLI at
// any existing file skips the download. Migrations use the Wasm engine instead
// (scripts/db/schema-engine.ts).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);

const result = spawnSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate'], {
  stdio: 'inherit',
  env,
});
process.exit(result.status ?? 1);
