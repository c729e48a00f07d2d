import { acknowledgeWarningAction } from '@/app/(site)/account/actions';
import { getCurrentUser } from '@/lib/auth/current-user';

/** A moderator's warning stays at the top of every page until the user acknowledges it. */
export async function WarningBanner() {
  const user = await getCurrentUser();
  if (!user?.warning || user.warningAcknowledgedAt) return null;
  return (
    <div className="warning-banner" role="alert">
      <p>
        <strong>A moderator has warned you:</strong> {user.warning}
      </p>
      <form action={acknowledgeWarningAction}>
        <button type="submit" className="button button--small">
          I have read this
        </button>
      </form>
    </div>
  );
}
