'use server';

import { refresh } from 'next/cache';
import { redirect } from 'next/navigation';
import { changeDisplayName } from '@/lib/auth/change-display-name';
import { changeEmail } from '@/lib/auth/change-email';
import { changePassword } from '@/lib/auth/change-password';
import { deleteAccount } from '@/lib/auth/delete-account';
import { resendVerificationEmail } from '@/lib/auth/resend-verification-email';
import {
  changeDisplayNameSchema,
  changeEmailSchema,
  changePasswordSchema,
  deleteAccountSchema,
  resendVerificationSchema,
  signOutEverywhereSchema,
} from '@/lib/auth/schema';
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

export async function resendVerificationAction(_state: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, resendVerificationSchema, async () => {
    const { email } = await resendVerificationEmail();
    return { ok: true, message: `A new verification link is on its way to ${email}. It works for 24 hours.` };
  });
}

export async function changeEmailAction(_state: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, changeEmailSchema, async (input) => {
    await changeEmail(input);
    // The address and its state are shown outside this form.
    refresh();
    return { ok: true, message: `Your address is now ${input.email}. Open the link we sent there to verify it.` };
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
