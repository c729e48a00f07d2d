import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { createActor, refusal } from '@/lib/comments/test-fixtures';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { defineJob } from './define-job';
import { enqueueJob } from './enqueue-job';
import { listFailedJobsAs, retryFailedJobAs } from './failed-jobs';
import { installJobQueues, JOB_SCHEMA } from './job-queue';
import { startWorker } from './start-worker';

afterAll(() => db.$disconnect());

async function until(check: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('failed jobs', () => {
  test('a job that used up its retries is listed for admins with its error, and Retry runs it again', async () => {
    let healthy = false;
    const job = defineJob({
      name: `test-flaky-${randomUUID().slice(0, 8)}`,
      data: z.object({ n: z.number() }),
      retryLimit: 0,
      handle: () => (healthy ? Promise.resolve() : Promise.reject(new Error('SMTP said no'))),
    });
    await installJobQueues(env.DATABASE_URL, [job]);
    const worker = await startWorker({ databaseUrl: env.DATABASE_URL, jobs: [job], pollingIntervalSeconds: 0.5, schedule: false });
    const state = async (id: string) =>
      (await db.$queryRawUnsafe<{ state: string }[]>(`SELECT state::text FROM ${JOB_SCHEMA}.job WHERE name = $1 AND id = $2::uuid`, job.name, id))[0]?.state;
    try {
      const id = (await enqueueJob(db, job, { n: 7 }))!;
      await until(async () => (await state(id)) === 'failed');

      const admin = await createActor({ role: 'ADMIN' });
      const { jobs } = await listFailedJobsAs(admin);
      const listed = jobs.find((each) => each.id === id);
      expect(listed).toMatchObject({ name: job.name, data: '{"n": 7}', attempts: 1, error: 'SMTP said no' });

      for (const other of [null, await createActor(), await createActor({ role: 'MODERATOR' })]) {
        await refusal(listFailedJobsAs(other));
        await refusal(retryFailedJobAs(other, { name: job.name, id }));
      }
      expect(await state(id)).toBe('failed');

      healthy = true;
      await retryFailedJobAs(admin, { name: job.name, id });
      await until(async () => (await state(id)) === 'completed');
      expect((await listFailedJobsAs(admin)).jobs.find((each) => each.id === id)).toBeUndefined();
      // Retrying what is no longer failed says so.
      const again = await refusal(retryFailedJobAs(admin, { name: job.name, id }), 'CONFLICT');
      expect(again.message).toMatch(/already retried/);
    } finally {
      await worker.stop();
    }
  });
});
