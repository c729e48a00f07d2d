import { DomainError, formatWait } from '@/lib/errors';
import { consumeRateLimits, type RateLimitRule } from '@/lib/rate-limit/consume-rate-limit';
import { recordAuthEvent } from './record-auth-event';

/** Six attempts a minute, per client address and per account. */
export const authAttemptRule: RateLimitRule = { limit: 6, windowSeconds: 60 };

/**
 * Counts one sign-in or sign-up attempt against each key; throws RATE_LIMITED
 * (HTTP 429) with the wait when any of them is over its limit.
 */
export async function limitAuthAttempt(action: 'sign-in' | 'sign-up', keys: { ip: string; email?: string }): Promise<void> {
  const results = await consumeRateLimits([
    { key: `${action}:ip:${keys.ip}`, rule: authAttemptRule },
    ...(keys.email ? [{ key: `${action}:email:${keys.email}`, rule: authAttemptRule }] : []),
  ]);
  const wait = Math.max(0, ...results.filter((r) => !r.allowed).map((r) => r.retryAfterSeconds));
  if (wait > 0) {
    await recordAuthEvent({ type: 'RATE_LIMITED', ip: keys.ip, detail: { action } });
    throw new DomainError('RATE_LIMITED', `Too many attempts. Try again ${formatWait(wait)}.`, {
      retryAfterSeconds: wait,
    });
  }
}

/**
 * Emails sent on request cost us reputation and the recipient attention: a few
 * per hour per address (whoever asks), and a few more per client address
 * (one client asking for many addresses).
 */
export const emailRequestRules = {
  perAddress: { limit: 3, windowSeconds: 60 * 60 },
  perClient: { limit: 10, windowSeconds: 60 * 60 },
} satisfies Record<string, RateLimitRule>;

/**
 * Counts one request for an email (password reset link, verification link)
 * against the address it goes to and, when known, the client asking; throws
 * RATE_LIMITED with the wait when either is over its limit. The same answer
 * whether or not an account has the address.
 */
export async function limitEmailRequest(action: 'forgot-password' | 'verify-email', keys: { email: string; ip?: string }): Promise<void> {
  const results = await consumeRateLimits([
    { key: `${action}:email:${keys.email}`, rule: emailRequestRules.perAddress },
    ...(keys.ip ? [{ key: `${action}:ip:${keys.ip}`, rule: emailRequestRules.perClient }] : []),
  ]);
  const wait = Math.max(0, ...results.filter((r) => !r.allowed).map((r) => r.retryAfterSeconds));
  if (wait > 0) {
    await recordAuthEvent({ type: 'RATE_LIMITED', ip: keys.ip ?? null, detail: { action } });
    throw new DomainError('RATE_LIMITED', `Too many emails asked for. Try again ${formatWait(wait)}.`, { retryAfterSeconds: wait });
  }
}
