import Link from 'next/link';
import { ActionForm } from '@/components/ui/action-form';
import { forgotPasswordAction } from './actions';

export const metadata = { title: 'Forgot your password?', robots: { index: false } };

export default function ForgotPasswordPage() {
  return (
    <div className="auth-page">
      <h1>Forgot your password?</h1>
      <p>Enter the email address of your account and we will send you a link to choose a new password.</p>
      <ActionForm
        action={forgotPasswordAction}
        submitLabel="Send reset link"
        pendingLabel="Sending…"
        fields={[{ name: 'email', label: 'Email', type: 'email', autoComplete: 'email', required: true }]}
      />
      <p>
        Remembered it? <Link href="/signin">Sign in</Link>
      </p>
    </div>
  );
}
