// Inputs of every account form. The same schemas validate in the server actions
// and drive the forms' field limits.
import { z } from 'zod';
import { pageNoticeSchema } from '@/lib/page-notice';
import { sameSitePath } from '@/lib/site-path';
import { isCommonPassword } from './common-passwords';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const DISPLAY_NAME_MAX = 50;

export const emailSchema = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .min(1, { error: 'Enter your email address.' })
  .max(254, { error: 'That email address is too long.' })
  .pipe(z.email({ error: 'Enter an email address like name@example.com.' }))
  // Addresses are compared case-insensitively: always store and look up lower-case.
  .transform((email) => email.toLowerCase());

export const newPasswordSchema = z
  .string({ error: 'Choose a password.' })
  .min(PASSWORD_MIN, { error: `Use at least ${PASSWORD_MIN} characters.` })
  .max(PASSWORD_MAX, { error: `Use at most ${PASSWORD_MAX} characters.` })
  .refine((password) => !isCommonPassword(password), {
    error: 'That password is one of the most commonly used and easy to guess. Choose another.',
  });

export const displayNameSchema = z
  .string({ error: 'Enter the name to show with your comments.' })
  .transform((name) => name.normalize('NFC').replace(/\s+/g, ' ').trim())
  .pipe(
    z
      .string()
      .min(1, { error: 'Enter the name to show with your comments.' })
      .max(DISPLAY_NAME_MAX, { error: `Use at most ${DISPLAY_NAME_MAX} characters.` })
      .refine((name) => !/[\p{Cc}\p{Cf}]/u.test(name), { error: 'Use letters, digits and punctuation only.' }),
  );

/**
 * Where to go after signing in or up: a path on this site, or the front page.
 * Any value is accepted (a repeated ?callbackUrl= arrives as an array) and
 * checked by the one rule for redirect targets from input.
 */
export const callbackUrlSchema = z
  .unknown()
  // Without it zod 4 refuses a form that has no callbackUrl field at all.
  .optional()
  .transform((url) => sameSitePath(url, '/'));

export const signUpSchema = z.object({
  name: displayNameSchema,
  email: emailSchema,
  password: newPasswordSchema,
  callbackUrl: callbackUrlSchema,
});

export const signInSchema = z.object({
  email: emailSchema,
  // Not the new-password rules: an old account may predate them, and the
  // message must not hint at which part was wrong.
  password: z.string({ error: 'Enter your password.' }).min(1, { error: 'Enter your password.' }).max(1024),
  callbackUrl: callbackUrlSchema,
});

export const changeDisplayNameSchema = z.object({ name: displayNameSchema });

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().max(1024).optional(),
    newPassword: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((input) => input.newPassword === input.confirmPassword, {
    path: ['confirmPassword'],
    error: 'The two new passwords do not match.',
  });

export const forgotPasswordSchema = z.object({ email: emailSchema });

/** The token is only checked for size here; what it is worth is lib/auth/email-tokens.ts's to say. */
export const resetPasswordSchema = z
  .object({
    token: z.string({ error: 'This link is incomplete.' }).max(200),
    newPassword: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((input) => input.newPassword === input.confirmPassword, {
    path: ['confirmPassword'],
    error: 'The two new passwords do not match.',
  });
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;

export const changeEmailSchema = z.object({ email: emailSchema, currentPassword: z.string().max(1024).optional() });
export type ChangeEmailInput = z.infer<typeof changeEmailSchema>;

/** "Resend" takes no input: the link goes to the signed-in reader's own address. */
export const resendVerificationSchema = z.object({});

/** Sign out everywhere takes no input; the form posts nothing but itself. */
export const signOutEverywhereSchema = z.object({});

export const deleteAccountSchema = z.object({
  confirmation: z.literal('DELETE', { error: 'Type DELETE in capitals to confirm.' }),
});

export const roleSchema = z.enum(['READER', 'MODERATOR', 'ADMIN'], { error: 'Choose reader, moderator or admin.' });

export const setRoleSchema = z.object({
  userId: z.uuid({ error: 'Unknown user.' }),
  role: roleSchema,
});

export type SignUpInput = z.infer<typeof signUpSchema>;
export type SignInInput = z.infer<typeof signInSchema>;

/** The admin page's query: ?q= (a name or email to find) and the notice of the last action. */
export const adminPageQuerySchema = pageNoticeSchema.extend({ q: z.string().trim().max(254).optional().catch(undefined) });
