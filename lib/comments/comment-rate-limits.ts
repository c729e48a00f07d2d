import { DomainError, formatWait } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import { consumeRateLimits } from '@/lib/rate-limit/consume-rate-limit';

const NEW_ACCOUNT_MS = 24 * 60 * 60 * 1000;

// Established accounts: one comment per 10 seconds, 30 an hour.
// Accounts younger than a day, the usual source of spam runs: one per 30 seconds, 10 an hour.
export function commentRulesFor(accountCreatedAt: Date, now = Date.now()) {
  const isNew = now - accountCreatedAt.getTime() < NEW_ACCOUNT_MS;
  return isNew
    ? { burst: { limit: 1, windowSeconds: 30 }, hourly: { limit: 10, windowSeconds: 3600 } }
    : { burst: { limit: 1, windowSeconds: 10 }, hourly: { limit: 30, windowSeconds: 3600 } };
}

/** Counts a comment against the author's limits, inside the posting transaction. */
export async function limitCommentPosting(tx: Prisma.TransactionClient, user: { id: string; createdAt: Date }): Promise<void> {
  const rules = commentRulesFor(user.createdAt);
  const [burst, hourly] = await consumeRateLimits(
    [
      { key: `comment:burst:${user.id}`, rule: rules.burst },
      { key: `comment:hourly:${user.id}`, rule: rules.hourly },
    ],
    tx,
  );
  // Counting both when the first refuses is harmless: the refusal rolls the posting transaction back.
  if (!burst!.allowed) {
    throw new DomainError('RATE_LIMITED', `You are posting too quickly. Your text is kept: post it again ${formatWait(burst!.retryAfterSeconds)}.`, {
      retryAfterSeconds: burst!.retryAfterSeconds,
    });
  }
  if (!hourly!.allowed) {
    throw new DomainError(
      'RATE_LIMITED',
      `You have posted ${rules.hourly.limit} comments in the last hour, the most we allow. Your text is kept: post it again ${formatWait(hourly!.retryAfterSeconds)}.`,
      { retryAfterSeconds: hourly!.retryAfterSeconds },
    );
  }
}
