import { describe, expect, test } from 'vitest';
import { DomainError } from '@/lib/errors';
import { authorize, postingRestriction, standingOf, type Capability } from './authorization';

const base = { suspendedUntil: null, bannedAt: null, statusReason: null };
const people = {
  anonymous: null,
  reader: { ...base, role: 'READER' as const },
  moderator: { ...base, role: 'MODERATOR' as const },
  admin: { ...base, role: 'ADMIN' as const },
  suspended: { ...base, role: 'READER' as const, suspendedUntil: new Date(Date.now() + 86_400_000), statusReason: 'Repeated spam' },
  banned: { ...base, role: 'READER' as const, bannedAt: new Date(), statusReason: 'Hate speech' },
  suspendedModerator: { ...base, role: 'MODERATOR' as const, suspendedUntil: new Date(Date.now() + 3_600_000) },
};

// Expected outcome of authorize(person, capability): 'ok', or the error code.
const matrix: Record<keyof typeof people, Record<Capability, 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN'>> = {
  anonymous: { 'read-own-account': 'UNAUTHENTICATED', post: 'UNAUTHENTICATED', moderate: 'UNAUTHENTICATED', administer: 'UNAUTHENTICATED' },
  reader: { 'read-own-account': 'ok', post: 'ok', moderate: 'FORBIDDEN', administer: 'FORBIDDEN' },
  moderator: { 'read-own-account': 'ok', post: 'ok', moderate: 'ok', administer: 'FORBIDDEN' },
  admin: { 'read-own-account': 'ok', post: 'ok', moderate: 'ok', administer: 'ok' },
  suspended: { 'read-own-account': 'ok', post: 'FORBIDDEN', moderate: 'FORBIDDEN', administer: 'FORBIDDEN' },
  banned: { 'read-own-account': 'ok', post: 'FORBIDDEN', moderate: 'FORBIDDEN', administer: 'FORBIDDEN' },
  suspendedModerator: { 'read-own-account': 'ok', post: 'FORBIDDEN', moderate: 'ok', administer: 'FORBIDDEN' },
};

function outcome(person: keyof typeof people, capability: Capability) {
  try {
    authorize(people[person], capability);
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('role and standing checks', () => {
  for (const [person, row] of Object.entries(matrix)) {
    for (const [capability, expected] of Object.entries(row)) {
      test(`${person} → ${capability}: ${expected}`, () => {
        expect(outcome(person as keyof typeof people, capability as Capability)).toBe(expected);
      });
    }
  }

  test('a suspended reader is told until when and why they cannot post', () => {
    const message = postingRestriction(people.suspended);
    expect(message).toMatch(/suspended from posting until \d{1,2} \w+ \d{4}.* UTC/);
    expect(message).toContain('Repeated spam');
  });

  test('a banned reader is told they are banned and why', () => {
    expect(postingRestriction(people.banned)).toBe('Your account is banned from posting. Reason: Hate speech');
  });

  test('a suspension that has run out leaves the user active', () => {
    expect(standingOf({ ...base, suspendedUntil: new Date(Date.now() - 1000) })).toEqual({ status: 'active' });
  });
});
