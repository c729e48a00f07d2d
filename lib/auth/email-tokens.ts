import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { db } from '@/lib/db';
import type { EmailTokenPurpose, Prisma } from '@/lib/generated/prisma/client';

// Single-use links sent by email (verify an address, reset a password). The
// link carries 32 random bytes; only their SHA-256 is stored, so a copy of the
// database (or a backup) holds no working link. A plain hash is enough: the
// token has 256 bits of entropy, nothing a dictionary could guess.

export const emailTokenLifetimeMs: Record<EmailTokenPurpose, number> = {
  VERIFY_EMAIL: 24 * 60 * 60 * 1000,
  RESET_PASSWORD: 60 * 60 * 1000,
};

/** 32 bytes as base64url: 43 characters of [A-Za-z0-9_-]. */
const tokenShape = /^[A-Za-z0-9_-]{43}$/;

export function hashEmailToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a token for `email` and returns it raw: the caller puts it in the link and forgets it. */
export async function issueEmailToken(
  tx: Prisma.TransactionClient,
  { userId, purpose, email }: { userId: string; purpose: EmailTokenPurpose; email: string },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await tx.emailToken.create({
    data: { userId, purpose, email, tokenHash: hashEmailToken(token), expiresAt: new Date(Date.now() + emailTokenLifetimeMs[purpose]) },
  });
  return token;
}

export type EmailTokenProblem = 'malformed' | 'unknown' | 'used' | 'expired' | 'address-changed';
export type UsableEmailToken = { id: string; userId: string; email: string };
export type EmailTokenCheck = { ok: true; token: UsableEmailToken } | { ok: false; problem: EmailTokenProblem };

/**
 * What a link's token is worth, without using it up (the reset page shows its
 * form only for a usable token). A token of another purpose is unknown here:
 * a verification link is not a reset link.
 */
export async function checkEmailToken(token: unknown, purpose: EmailTokenPurpose, client: Prisma.TransactionClient = db): Promise<EmailTokenCheck> {
  if (typeof token !== 'string' || !tokenShape.test(token)) return { ok: false, problem: 'malformed' };
  const row = await client.emailToken.findUnique({
    where: { tokenHash: hashEmailToken(token) },
    select: { id: true, userId: true, email: true, purpose: true, usedAt: true, expiresAt: true, user: { select: { email: true, deletedAt: true } } },
  });
  if (!row || row.purpose !== purpose || row.user.deletedAt) return { ok: false, problem: 'unknown' };
  if (row.usedAt) return { ok: false, problem: 'used' };
  if (row.expiresAt <= new Date()) return { ok: false, problem: 'expired' };
  // A link proves the address it was sent to, and acts only for an account that still has it.
  if (row.user.email !== row.email) return { ok: false, problem: 'address-changed' };
  return { ok: true, token: { id: row.id, userId: row.userId, email: row.email } };
}

/**
 * Uses a token up, inside the caller's transaction: one conditional update, so
 * of two requests racing with the same link only one gets it.
 */
export async function consumeEmailToken(tx: Prisma.TransactionClient, token: unknown, purpose: EmailTokenPurpose): Promise<EmailTokenCheck> {
  const check = await checkEmailToken(token, purpose, tx);
  if (!check.ok) return check;
  const { count } = await tx.emailToken.updateMany({
    where: { id: check.token.id, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  return count === 1 ? check : { ok: false, problem: 'used' };
}

const problemMessages: Record<EmailTokenPurpose, Record<EmailTokenProblem, string>> = {
  VERIFY_EMAIL: {
    malformed: 'This verification link is incomplete. Copy the whole link from the email, or send a new one from your account page.',
    unknown: 'This verification link is not valid. Send a new one from your account page.',
    used: 'This verification link was already used. If your address is not verified yet, send a new link from your account page.',
    expired: 'This verification link has expired (links work for 24 hours). Send a new one from your account page.',
    'address-changed': 'This verification link was sent to an address your account no longer uses. Your current address has a link of its own.',
  },
  RESET_PASSWORD: {
    malformed: 'This password reset link is incomplete. Copy the whole link from the email, or ask for a new one.',
    unknown: 'This password reset link is not valid. Ask for a new one.',
    used: 'This password reset link was already used. Ask for a new one if you still need it.',
    expired: 'This password reset link has expired (links work for one hour). Ask for a new one.',
    'address-changed': 'This password reset link was sent to an address the account no longer uses. Ask for a new one.',
  },
};

/** The words a reader sees for a link that cannot be used. */
export function emailTokenProblemMessage(purpose: EmailTokenPurpose, problem: EmailTokenProblem): string {
  return problemMessages[purpose][problem];
}
