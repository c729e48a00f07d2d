import { getCurrentUser } from '@/lib/auth/current-user';
import { WarningMessage } from './warning-message';

/** A moderator's warning stays at the top of every page until the user acknowledges it. */
export async function WarningBanner() {
  const user = await getCurrentUser();
  if (!user?.warning || user.warningAcknowledgedAt) return null;
  return <WarningMessage warning={user.warning} />;
}
