import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { defineJob } from './define-job';
import { enqueueJob } from './enqueue-job';
import { installJobQueues, JOB_SCHEMA } from './job-queue';

afterAll(() => db.$disconnect());

const probeJob = defineJob({ name: 'test-probe', data: z.object({ n: z.number().int() }), handle: async () => {} });

async function jobsWith(key: string) {
  return db.$queryRawUnsafe<{ id: string; data: { n: number }; startAfter: Date }[]>(
    `SELECT id, data, start_after AS "startAfter" FROM ${JOB_SCHEMA}.job WHERE name = $1 AND singleton_key = $2`,
    probeJob.name,
    key,
  );
}

describe('enqueueing a job', () => {
  test('the job exists only if the caller’s transaction commits', async () => {
    await installJobQueues(env.DATABASE_URL, [probeJob]);
    const rolledBack = randomUUID();
    await expect(
      db.$transaction(async (tx) => {
        await enqueueJob(tx, probeJob, { n: 1 }, { key: rolledBack });
        throw new Error('the comment failed');
      }),
    ).rejects.toThrow('the comment failed');
    expect(await jobsWith(rolledBack)).toEqual([]);

    const committed = randomUUID();
    const later = new Date(Date.now() + 60_000);
    await db.$transaction((tx) => enqueueJob(tx, probeJob, { n: 2 }, { key: committed, startAfter: later }));
    const [job] = await jobsWith(committed);
    expect(job?.data).toEqual({ n: 2 });
    expect(job?.startAfter.getTime()).toBe(later.getTime());
  });

  test('the same key twice makes one job', async () => {
    const key = randomUUID();
    const first = await enqueueJob(db, probeJob, { n: 1 }, { key });
    const second = await db.$transaction((tx) => enqueueJob(tx, probeJob, { n: 1 }, { key }));
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    expect(await jobsWith(key)).toHaveLength(1);
  });

  test('data that does not fit the job’s schema is refused before anything is written', async () => {
    const key = randomUUID();
    await expect(enqueueJob(db, probeJob, { n: 1.5 }, { key })).rejects.toThrow();
    expect(await jobsWith(key)).toEqual([]);
  });

  test('a job whose queue was never made is an error, not a silently lost job', async () => {
    const unknown = defineJob({ name: `test-unregistered-${randomUUID().slice(0, 8)}`, data: z.object({}), handle: async () => {} });
    await expect(enqueueJob(db, unknown, {})).rejects.toThrow(/No job queue/);
  });
});
