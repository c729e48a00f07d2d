'use server';

import { forgotPasswordSchema } from '@/lib/auth/schema';
import { requestPasswordReset } from '@/lib/auth/request-password-reset';
import { runFormAction, type FormState } from '@/lib/form-state';

export async function forgotPasswordAction(_state: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, forgotPasswordSchema, async ({ email }) => {
    await requestPasswordReset(email);
    // The same words for every address: they must not tell whether it has an account.
    return {
      ok: true,
      message: `If an account uses ${email}, we have sent it a link to choose a new password. The link works for one hour. Check your spam folder if it does not arrive in a few minutes.`,
      values: { email },
    };
  });
}
