'use server';

import { redirect } from 'next/navigation';
import { signUpSchema } from '@/lib/auth/schema';
import { signUp } from '@/lib/auth/sign-up';
import { runFormAction, type FormState } from '@/lib/form-state';

export async function signUpAction(_state: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, signUpSchema, async (input) => {
    await signUp(input);
    redirect(input.callbackUrl);
  });
}
