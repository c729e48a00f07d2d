'use server';

import { redirect } from 'next/navigation';
import { resetPassword } from '@/lib/auth/reset-password';
import { resetPasswordSchema } from '@/lib/auth/schema';
import { runFormAction, type FormState } from '@/lib/form-state';

export async function resetPasswordAction(_state: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, resetPasswordSchema, async (input) => {
    await resetPassword(input);
    redirect('/signin?notice=password-reset');
  });
}
