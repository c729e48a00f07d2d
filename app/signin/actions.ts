'use server';

import { redirect } from 'next/navigation';
import { signInSchema } from '@/lib/auth/schema';
import { signInWithPassword } from '@/lib/auth/sign-in-with-password';
import { echoValues, formStateFromError, invalidInput, type FormState } from '@/lib/form-state';

export async function signInAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = echoValues(formData);
  const parsed = signInSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error, values);
  try {
    await signInWithPassword(parsed.data);
  } catch (error) {
    return formStateFromError(error, values);
  }
  redirect(parsed.data.callbackUrl);
}
