import 'server-only';
import { resolveSessionUser, type CurrentUser } from './current-user';

/** How stale a long-lived connection's view of its viewer may get: their role, their session. */
export const SESSION_RECHECK_MS = 5_000;

export type SessionRecheck = {
  /** The viewer as the session check sees them now, from a check at most SESSION_RECHECK_MS old; null once the session has ended. */
  current(): Promise<CurrentUser | null>;
  /** The same, checked now. */
  refresh(): Promise<CurrentUser | null>;
};

/**
 * For a connection that outlives the request that opened it (a live stream):
 * the session check of that request, repeated when it gets old. One query per
 * check, shared by concurrent callers; a failed check counts as an ended
 * session, so the connection ends and the client reconnects through the
 * ordinary check.
 */
export function recheckSession(user: CurrentUser): SessionRecheck {
  let checkedAt = Date.now();
  let latest: Promise<CurrentUser | null> = Promise.resolve(user);
  const refresh = () => {
    checkedAt = Date.now();
    latest = resolveSessionUser({ sub: user.id, sv: user.sessionVersion, sid: user.sessionId }).catch(() => null);
    return latest;
  };
  return {
    current: () => (Date.now() - checkedAt >= SESSION_RECHECK_MS ? refresh() : latest),
    refresh,
  };
}
