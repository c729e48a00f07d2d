'use server';

import { refresh } from 'next/cache';
import { redirect } from 'next/navigation';
import { changeDisplayName } from '@/lib/auth/change-display-name';
import { changePassword } from '@/lib/auth/change-password';
import { deleteAccount } from '@/lib/auth/delete-account';
import { changeDisplayNameSchema, changePasswordSchema, deleteAccountSchema } from '@/lib/auth/schema';
import { signOut } from '@/lib/auth/sign-out';
import { acknowledgeWarning } from '@/lib/moderation/moderate-user';
import { signOutEverywhere } from '@/lib/auth/sign-out-everywhere';
import { echoValues, formStateFromError, invalidInput, type FormState } from '@/lib/form-state';

export async function changeDisplayNameAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = echoValues(formData);
  const parsed = changeDisplayNameSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error, values);
  try {
    await changeDisplayName(parsed.data.name);
    // The header outside this form shows the name too: re-render the page for this browser.
    refresh();
    return { ok: true, message: 'Your display name is changed.', values: { name: parsed.data.name } };
  } catch (error) {
    return formStateFromError(error, values);
  }
}

export async function changePasswordAction(_state: FormState, formData: FormData): Promise<FormState> {
  const parsed = changePasswordSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error, {});
  try {
    await changePassword(parsed.data);
    return { ok: true, message: 'Your password is changed. Every other session has been signed out.' };
  } catch (error) {
    return formStateFromError(error, {});
  }
}

export async function signOutEverywhereAction(_state: FormState, _formData: FormData): Promise<FormState> {
  try {
    await signOutEverywhere();
    return { ok: true, message: 'Every other browser and device is signed out. You are still signed in here.' };
  } catch (error) {
    return formStateFromError(error, {});
  }
}

export async function deleteAccountAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = echoValues(formData);
  const parsed = deleteAccountSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error, values);
  try {
    await deleteAccount();
  } catch (error) {
    return formStateFromError(error, values);
  }
  redirect('/?account=deleted');
}

export async function signOutAction(): Promise<void> {
  await signOut();
  redirect('/');
}

export async function acknowledgeWarningAction(): Promise<void> {
  await acknowledgeWarning();
  refresh();
}
