// Every job the worker runs (lib/jobs/start-worker.ts), in one list: a job
// missing here is never handled, and its queue is never made. One line per job.
import { emailChangedNoticeJob } from '@/lib/auth/email-changed-notice-job';
import { passwordResetEmailJob } from '@/lib/auth/password-reset-email-job';
import { verificationEmailJob } from '@/lib/auth/verification-email-job';
import { notificationDigestJob, recipientDigestJob } from '@/lib/notifications/notification-digest-job';
import { notificationEmailJob } from '@/lib/notifications/notification-email-job';
import type { JobDefinition } from './define-job';

export const jobRegistry: readonly JobDefinition[] = [
  notificationEmailJob,
  notificationDigestJob,
  recipientDigestJob,
  verificationEmailJob,
  passwordResetEmailJob,
  emailChangedNoticeJob,
];
