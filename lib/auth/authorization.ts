// "Who is this and what may they do": the one place that decides. Every server
// action, route handler and protected page asks here, even when the page that
// showed the button already did.
import 'server-only';
import { DomainError } from '@/lib/errors';
import { formatUtc } from '@/lib/format-utc';
import { getCurrentUser, type CurrentUser } from './current-user';

export type Role = CurrentUser['role'];

export type UserStanding = { status: 'active' } | { status: 'suspended'; until: Date; reason: string | null } | { status: 'banned'; reason: string | null };

type StandingFields = Pick<CurrentUser, 'suspendedUntil' | 'bannedAt' | 'statusReason'>;

export function standingOf(user: StandingFields, now = new Date()): UserStanding {
  if (user.bannedAt) return { status: 'banned', reason: user.statusReason };
  if (user.suspendedUntil && user.suspendedUntil > now) {
    return { status: 'suspended', until: user.suspendedUntil, reason: user.statusReason };
  }
  return { status: 'active' };
}

/** Why this user may not post, in words for them; null when they may. */
export function postingRestriction(user: StandingFields, now = new Date()): string | null {
  const standing = standingOf(user, now);
  const why = standing.status !== 'active' && standing.reason ? ` Reason: ${standing.reason}` : '';
  if (standing.status === 'banned') return `Your account is banned from posting.${why}`;
  if (standing.status === 'suspended') {
    return `Your account is suspended from posting until ${formatUtc(standing.until)}.${why}`;
  }
  return null;
}

export const isModerator = (user: Pick<CurrentUser, 'role'> | null) => user?.role === 'MODERATOR' || user?.role === 'ADMIN';
export const isAdmin = (user: Pick<CurrentUser, 'role'> | null) => user?.role === 'ADMIN';

export type Capability = 'read-own-account' | 'post' | 'moderate' | 'administer';

type AuthorizableUser = Pick<CurrentUser, 'role' | 'suspendedUntil' | 'bannedAt' | 'statusReason'>;

/**
 * The rule table. Throws UNAUTHENTICATED (no user) or FORBIDDEN (with the
 * reason in words) unless `user` may do what `capability` names.
 */
export function authorize<U extends AuthorizableUser>(user: U | null, capability: Capability): U {
  if (!user) throw new DomainError('UNAUTHENTICATED', 'Sign in to do that.');
  if (capability === 'post') {
    const restriction = postingRestriction(user);
    if (restriction) throw new DomainError('FORBIDDEN', restriction);
  }
  if (capability === 'moderate' && !isModerator(user)) throw new DomainError('FORBIDDEN', 'Only moderators can do that.');
  if (capability === 'administer' && !isAdmin(user)) throw new DomainError('FORBIDDEN', 'Only an admin can do that.');
  return user;
}

export const requireUser = async () => authorize(await getCurrentUser(), 'read-own-account');
/** A signed-in user in good standing: may post and react. */
export const requireActiveUser = async () => authorize(await getCurrentUser(), 'post');
export const requireModerator = async () => authorize(await getCurrentUser(), 'moderate');
export const requireAdmin = async () => authorize(await getCurrentUser(), 'administer');
