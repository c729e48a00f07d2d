'use server';

import { refresh } from 'next/cache';
import { redirect } from 'next/navigation';
import { changeDisplayName } from '@/lib/auth/change-display-name';
import { changePassword } from '@/lib/auth/change-password';
import { deleteAccount } from '@/lib/auth/delete-account';
import { changeDisplayNameSchema, changePasswordSchema, deleteAccountSchema, signOutEverywhereSchema } from '@/lib/auth/schema';
import { signOut } from '@/lib/auth/sign-out';
import { signOutEverywhere } from '@/lib/auth/sign-out-everywhere';
import { acknowledgeWarning } from '@/lib/moderation/moderate-user';
import { runFormAction, type FormState } from '@/lib/form-state';
import { saveNotificationSettings } from '@/lib/notifications/notification-preferences';
import { notificationPreferencesSchema } from '@/lib/notifications/schema';

export async function changeDisplayNameAction(_state: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, changeDisplayNameSchema, async ({ name }) => {
    await changeDisplayName(name);
    // The header outside this form shows the name too: re-render the page for this browser.
    refresh();
    return { ok: true, message: 'Your display name is changed.', values: { name } };
  });
}

export async function changePasswordAction(_state: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, changePasswordSchema, async (input) => {
    await changePassword(input);
    return { ok: true, message: 'Your password is changed. Every other session has been signed out.' };
  });
}

export async function signOutEverywhereAction(_state: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, signOutEverywhereSchema, async () => {
    await signOutEverywhere();
    return { ok: true, message: 'Every other browser and device is signed out. You are still signed in here.' };
  });
}

export async function deleteAccountAction(_state: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, deleteAccountSchema, async () => {
    await deleteAccount();
    redirect('/?account=deleted');
  });
}

export async function signOutAction(): Promise<void> {
  await signOut();
  redirect('/');
}

export async function acknowledgeWarningAction(): Promise<void> {
  await acknowledgeWarning();
  refresh();
}

export async function saveNotificationSettingsAction(_state: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, notificationPreferencesSchema, async (input) => {
    await saveNotificationSettings(input);
    return { ok: true, message: 'Your notification settings are saved.', values: Object.fromEntries(Object.entries(input).map(([k, v]) => [k, String(v)])) };
  });
}
