'use server';

import { redirect } from 'next/navigation';
import { DomainError } from '@/lib/errors';
import { submittedForm } from '@/lib/form-state';
import { retryFailedJob, retryJobSchema } from '@/lib/jobs/failed-jobs';

export async function retryJobAction(submission: unknown): Promise<void> {
  const parsed = retryJobSchema.safeParse(Object.fromEntries(submittedForm(submission)));
  if (!parsed.success) redirect(`/admin/jobs?error=${encodeURIComponent('That retry was not understood. Reload the page and try again.')}`);
  try {
    await retryFailedJob(parsed.data);
  } catch (error) {
    if (error instanceof DomainError) redirect(`/admin/jobs?error=${encodeURIComponent(error.message)}`);
    throw error;
  }
  redirect(`/admin/jobs?notice=${encodeURIComponent('The job is queued again; the worker will run it shortly.')}`);
}
