import 'server-only';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { getModerationPolicy } from './policy';

export async function getModerationPolicyForAs(actor: CurrentUser | null) {
  authorize(actor, 'moderate');
  return getModerationPolicy();
}

export const getModerationPolicyFor = withCurrentUser(getModerationPolicyForAs);
