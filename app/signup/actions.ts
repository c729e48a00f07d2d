'use server';

import { redirect } from 'next/navigation';
import { signUpSchema } from '@/lib/auth/schema';
import { signUp } from '@/lib/auth/sign-up';
import { echoValues, formStateFromError, invalidInput, type FormState } from '@/lib/form-state';

export async function signUpAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = echoValues(formData);
  const parsed = signUpSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalidInput(parsed.error, values);
  try {
    await signUp(parsed.data);
  } catch (error) {
    return formStateFromError(error, values);
  }
  redirect(parsed.data.callbackUrl);
}
