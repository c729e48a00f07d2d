'use server';

import { redirect } from 'next/navigation';
import { signInSchema } from '@/lib/auth/schema';
import { signInWithPassword } from '@/lib/auth/sign-in-with-password';
import { runFormAction, type FormState } from '@/lib/form-state';

export async function signInAction(_state: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, signInSchema, async (input) => {
    await signInWithPassword(input);
    redirect(input.callbackUrl);
  });
}
