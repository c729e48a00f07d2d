'use server';

import { redirect } from 'next/navigation';
import { setRoleSchema } from '@/lib/auth/schema';
import { setUserRole } from '@/lib/auth/set-user-role';
import { DomainError } from '@/lib/errors';
import { submittedForm } from '@/lib/form-state';

const roleWord = { READER: 'a reader', MODERATOR: 'a moderator', ADMIN: 'an admin' } as const;

export async function setRoleAction(submission: unknown): Promise<void> {
  const parsed = setRoleSchema.safeParse(Object.fromEntries(submittedForm(submission)));
  if (!parsed.success) redirect(`/admin?error=${encodeURIComponent('That role change was not understood. Reload the page and try again.')}`);
  let notice: string;
  try {
    const result = await setUserRole(parsed.data);
    notice = result.changed ? `The user is now ${roleWord[result.to]}.` : `The user already was ${roleWord[result.to]}.`;
  } catch (error) {
    if (error instanceof DomainError) redirect(`/admin?error=${encodeURIComponent(error.message)}`);
    throw error;
  }
  redirect(`/admin?notice=${encodeURIComponent(notice)}`);
}
