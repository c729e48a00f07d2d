import Link from 'next/link';
import { getClientIp } from '@/lib/request-ip';
import { verifyEmailWithToken } from '@/lib/auth/verify-email';

// The token is in the address: keep it out of Referer headers of anything this page loads or links to.
export const metadata = { title: 'Verify your email', robots: { index: false }, referrer: 'no-referrer' };

type VerifyEmailPageProps = { searchParams: Promise<{ token?: string | string[] }> };

export default async function VerifyEmailPage({ searchParams }: VerifyEmailPageProps) {
  const result = await verifyEmailWithToken((await searchParams).token, await getClientIp());
  return (
    <div className="auth-page">
      <h1>Verify your email</h1>
      {result.ok ? (
        <p role="status" className="form-message form-message--ok">
          Your email address is verified. Thank you.
        </p>
      ) : (
        <p role="alert" className="form-message form-message--error">
          {result.message}
        </p>
      )}
      <p>
        <Link href="/account">Your account</Link> · <Link href="/">Front page</Link>
      </p>
    </div>
  );
}
