// Fixtures for the email tests: notifications and jobs written straight into
// the e2e database, as the app's own commands would write them (Prisma's
// client does not load in Playwright's loader; see e2e/users.ts).
import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import { database } from './users';

/** pg-boss's own SQL for a job, run on the fixtures' pool (its schema is `pgboss`, see lib/jobs/job-queue.ts). */
const queue = new PgBoss({
  schema: 'pgboss',
  db: { executeSql: (text, values) => database().query(text, values) },
});

/** A notification row and its email job, as a reply's transaction writes them. */
export async function notifyByEmail(notification: { recipientId: string; kind: string; commentId?: string; actorId?: string; detail?: string }): Promise<string> {
  const id = randomUUID();
  await database().query(
    `INSERT INTO "Notification" ("id", "recipientId", "kind", "commentId", "actorId", "detail") VALUES ($1, $2, $3::"NotificationKind", $4, $5, $6)`,
    [id, notification.recipientId, notification.kind, notification.commentId ?? null, notification.actorId ?? null, notification.detail ?? null],
  );
  await queue.send('notification-email', { notificationId: id }, { singletonKey: `notification:${id}` });
  return id;
}

/** A job that used up its retries, as the failed-jobs page lists it. */
export async function seedFailedJob(name: string, data: object, message: string): Promise<string> {
  const id = randomUUID();
  await database().query(
    `INSERT INTO pgboss.job (id, name, data, state, retry_count, retry_limit, output, completed_on, policy)
     VALUES ($1, $2, $3::jsonb, 'failed', 1, 1, $4::jsonb, now(), 'standard')`,
    [id, name, JSON.stringify(data), JSON.stringify({ message })],
  );
  return id;
}

export async function jobState(name: string, id: string): Promise<string | undefined> {
  const { rows } = await database().query<{ state: string }>(`SELECT state::text FROM pgboss.job WHERE name = $1 AND id = $2`, [name, id]);
  return rows[0]?.state;
}

export async function deliveryOf(userId: string, topic: string): Promise<string | undefined> {
  const { rows } = await database().query<{ delivery: string }>(
    `SELECT delivery::text FROM "NotificationPreference" WHERE "userId" = $1 AND topic = $2::"NotificationTopic"`,
    [userId, topic],
  );
  return rows[0]?.delivery;
}
