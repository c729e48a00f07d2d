// pg-boss's commands run through a Prisma client or transaction: enqueueing
// inside the caller's transaction (enqueue-job.ts), retrying a failed job from
// the admin page. The PgBoss instance only builds SQL; it opens no connection.
import 'server-only';
import PgBoss from 'pg-boss';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { JOB_SCHEMA } from './job-queue';

export type Queryable = Prisma.TransactionClient | PrismaClient;

export const queueCommands = new PgBoss({
  schema: JOB_SCHEMA,
  db: {
    executeSql: () => Promise.reject(new Error('pg-boss commands here always run through a Prisma client (through(db)).')),
  },
});

/** pg-boss passes JSON data as objects (node-postgres serializes them); Prisma's raw queries want text. */
function asParameter(value: unknown): unknown {
  if (value === undefined) return null;
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value)) return JSON.stringify(value);
  return value;
}

export function through(db: Queryable): PgBoss.Db {
  return {
    executeSql: async (text, values) => ({ rows: await db.$queryRawUnsafe<unknown[]>(text, ...values.map(asParameter)) }),
  };
}
