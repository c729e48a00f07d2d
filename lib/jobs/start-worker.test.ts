import { randomUUID } from 'node:crypto';
import { createElement } from 'react';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { z } from 'zod';
import type { TestSmtpServer } from '@/lib/email/test-smtp-server';

// SMTP_URL is read once (lib/env.ts): point it at a port of our own before anything imports it.
const smtpPort = await vi.hoisted(() => import('@/lib/email/test-smtp-server').then((smtp) => smtp.pointSmtpUrlAtFreePort()));

const { startTestSmtpServer } = await import('@/lib/email/test-smtp-server');
const { db } = await import('@/lib/db');
const { env } = await import('@/lib/env');
const { sendEmail } = await import('@/lib/email/send-email');
const { defineJob } = await import('./define-job');
const { enqueueJob } = await import('./enqueue-job');
const { installJobQueues, JOB_SCHEMA } = await import('./job-queue');
const { startWorker } = await import('./start-worker');

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startTestSmtpServer(smtpPort);
});
afterAll(async () => {
  await smtp.stop();
  await db.$disconnect();
});

/** A job that emails `to` once per `key`, like the notification jobs; its name is unique to the test. */
function emailJob(options: { afterSending?: () => Promise<void> } = {}) {
  return defineJob({
    name: `test-email-${randomUUID().slice(0, 8)}`,
    data: z.object({ key: z.string(), to: z.string() }),
    retryLimit: 5,
    retryDelaySeconds: 1,
    handle: async ({ key, to }) => {
      await sendEmail({ key, to, subject: `Job ${key}`, body: createElement('p', null, 'Hello'), listUnsubscribeUrl: 'http://localhost:3000/unsubscribe?token=test' });
      await options.afterSending?.();
    },
  });
}

async function jobState(name: string, key: string) {
  const [row] = await db.$queryRawUnsafe<{ state: string; retryCount: number }[]>(
    `SELECT state::text, retry_count AS "retryCount" FROM ${JOB_SCHEMA}.job WHERE name = $1 AND singleton_key = $2`,
    name,
    key,
  );
  return row;
}

async function until<T>(check: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const address = () => `reader-${randomUUID()}@example.test`;
const mailTo = (to: string) => smtp.received.filter((email) => email.to.includes(to));

describe('the job worker', () => {
  test('with SMTP down the job fails and is retried with backoff; once SMTP is back the email is delivered exactly once', async () => {
    const job = emailJob();
    await installJobQueues(env.DATABASE_URL, [job]);
    const to = address();
    const key = randomUUID();
    await smtp.stop();
    const worker = await startWorker({ databaseUrl: env.DATABASE_URL, jobs: [job], pollingIntervalSeconds: 0.5, schedule: false });
    try {
      await enqueueJob(db, job, { key, to }, { key });
      const failed = await until(async () => {
        const state = await jobState(job.name, key);
        return state && state.state === 'retry' && state.retryCount >= 1 && state;
      });
      expect(failed.retryCount).toBeGreaterThanOrEqual(1);
      smtp = await startTestSmtpServer(smtpPort);
      await smtp.waitFor((email) => email.to.includes(to), 30_000);
      await until(async () => (await jobState(job.name, key))?.state === 'completed');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(mailTo(to)).toHaveLength(1);
    } finally {
      await worker.stop();
    }
  });

  test('two workers share the jobs and never send the same email twice', async () => {
    const job = emailJob();
    await installJobQueues(env.DATABASE_URL, [job]);
    const workers = await Promise.all([0, 1].map(() => startWorker({ databaseUrl: env.DATABASE_URL, jobs: [job], pollingIntervalSeconds: 0.5, schedule: false })));
    const to = address();
    try {
      const keys = Array.from({ length: 20 }, () => randomUUID());
      // Each enqueued twice: the key makes one job of each.
      for (const key of [...keys, ...keys]) await enqueueJob(db, job, { key, to }, { key });
      await until(() => Promise.resolve(mailTo(to).length >= keys.length));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(mailTo(to)).toHaveLength(keys.length);
      expect(new Set(mailTo(to).map((email) => email.subject)).size).toBe(keys.length);
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }
  });

  test('a worker killed after sending but before finishing the job: the retry on another worker sends nothing again', async () => {
    let release: () => void = () => {};
    const stuck = new Promise<void>((resolve) => (release = resolve));
    let attempts = 0;
    const job = emailJob({
      afterSending: async () => {
        attempts += 1;
        // The first attempt "dies" here: it never finishes.
        if (attempts === 1) await stuck;
      },
    });
    await installJobQueues(env.DATABASE_URL, [job]);
    const to = address();
    const key = randomUUID();
    const doomed = await startWorker({ databaseUrl: env.DATABASE_URL, jobs: [job], pollingIntervalSeconds: 0.5, schedule: false });
    await enqueueJob(db, job, { key, to }, { key });
    await smtp.waitFor((email) => email.to.includes(to));
    // Killed: pg-boss fails the job it was running (as its expiry would for a dead process), and it is retried.
    await doomed.stop(1_000);
    const survivor = await startWorker({ databaseUrl: env.DATABASE_URL, jobs: [job], pollingIntervalSeconds: 0.5, schedule: false });
    try {
      await until(async () => (await jobState(job.name, key))?.state === 'completed');
      expect(attempts).toBe(2);
      expect(mailTo(to)).toHaveLength(1);
    } finally {
      release();
      await survivor.stop();
    }
  });

  test('stopping lets a running job finish first', async () => {
    let finished = false;
    const job = defineJob({
      name: `test-slow-${randomUUID().slice(0, 8)}`,
      data: z.object({}),
      handle: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        finished = true;
      },
    });
    await installJobQueues(env.DATABASE_URL, [job]);
    const worker = await startWorker({ databaseUrl: env.DATABASE_URL, jobs: [job], pollingIntervalSeconds: 0.5, schedule: false });
    const id = await enqueueJob(db, job, {});
    await until(async () => {
      const [row] = await db.$queryRawUnsafe<{ state: string }[]>(`SELECT state::text FROM ${JOB_SCHEMA}.job WHERE name = $1 AND id = $2::uuid`, job.name, id);
      return row?.state === 'active';
    });
    await worker.stop();
    expect(finished).toBe(true);
  });
});
