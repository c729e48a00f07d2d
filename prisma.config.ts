import { defineConfig } from 'prisma/config';

// Prisma 7 keeps connection settings out of schema.prisma. The app connects
// through the driver adapter in lib/db.ts; this file serves the Prisma CLI
// (generate needs no database at all).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
