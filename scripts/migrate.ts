// Database migrations without Prisma's downloadable native engine.
//   npm run db:migrate                 apply pending migrations (like `prisma migrate deploy`)
//   npm run db:migrate -- create NAME  write prisma/migrations/<timestamp>_NAME from schema.prisma
//   npm run db:migrate -- check        fail when schema.prisma and the migrations disagree
// All three need DATABASE_URL (create and check only use it for a throwaway shadow database).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { applyMigrations, diffMigrationsToSchema, migrationsDir } from './db/schema-engine';

async function main() {
  const [command = 'deploy', name] = process.argv.slice(2);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('DATABASE_URL is not set. Set it to a PostgreSQL URL, e.g. postgresql://postgres@127.0.0.1:5432/parley');
  }

  if (command === 'deploy') {
    const applied = await applyMigrations(databaseUrl);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
    return;
  }

  const sql = await diffMigrationsToSchema(databaseUrl);
  if (command === 'check') {
    if (sql) {
      console.error('schema.prisma has changes no migration covers. Run `npm run db:migrate -- create <name>`:\n' + sql);
      process.exitCode = 1;
    } else {
      console.log('Migrations match schema.prisma.');
    }
    return;
  }

  if (command === 'create') {
    if (!name || !/^[a-z0-9_]+$/.test(name)) {
      throw new Error('Give the migration a name of lowercase letters, digits and underscores: create add_comments');
    }
    if (!sql) {
      console.log('Nothing to migrate: schema.prisma matches the migrations.');
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = path.join(migrationsDir, `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'migration.sql'), sql);
    console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
    return;
  }

  throw new Error(`Unknown command "${command}". Use deploy, create NAME or check.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
