import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';
import { enqueueJob } from '@/lib/jobs/enqueue-job';
import { notificationEmailJob } from './notification-email-job';

/**
 * The one place a notification's immediate email is enqueued, in the
 * transaction that created the notification (so the job exists if and only if
 * the notification does). Key `notification:<id>`: enqueued twice, sent once.
 */
export async function enqueueNotificationEmail(tx: Prisma.TransactionClient, notificationId: string): Promise<void> {
  await enqueueJob(tx, notificationEmailJob, { notificationId }, { key: `notification:${notificationId}` });
}
