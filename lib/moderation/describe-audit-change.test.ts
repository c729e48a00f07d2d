// The audit log's "what changed" in words: every kind of entry with the
// snapshot shape its command records (lib/moderation/*.ts, lib/auth/set-user-role.ts),
// and shapes no command records, which must still read as words, never JSON.
import { describe, expect, test } from 'vitest';
import { formatUtc } from '@/lib/format-utc';
import type { AuditAction } from '@/lib/generated/prisma/enums';
import { auditChangeText, describeAuditChange, type AuditChangeInput } from './describe-audit-change';
import { describeAuditReason } from './describe-audit-reason';

const at = new Date('2026-11-27T10:00:00.000Z');
const lines = (action: AuditChangeInput['action'], before: AuditChangeInput['before'], after: AuditChangeInput['after'], createdAt = at) =>
  describeAuditChange({ action, before, after, createdAt }).map(auditChangeText);

const comment = (status: string, featured = false, rejectionReason: string | null = null) => ({ status, featured, rejectionReason });
const standing = (over: Record<string, string | boolean | null> = {}) => ({
  suspendedUntil: null,
  banned: false,
  statusReason: null,
  moderationMode: 'DEFAULT',
  warning: null,
  ...over,
});
const policy = (over: Record<string, string | number | string[] | null> = {}) => ({
  preModeration: 'NONE',
  firstCommentsThreshold: 1,
  bannedWords: [],
  suspectWords: [],
  autoCloseDays: null,
  ...over,
});

describe('each kind of entry, as its command records it', () => {
  // A Record over AuditAction: a new kind of entry fails to compile here until it has a case.
  const examples: Record<AuditAction, { before: AuditChangeInput['before']; after: AuditChangeInput['after']; expected: string[] }> = {
    COMMENT_APPROVED: { before: comment('PENDING'), after: comment('PUBLISHED'), expected: ['Pending → Published'] },
    COMMENT_REJECTED: {
      before: comment('PUBLISHED', true),
      after: comment('REJECTED', false, 'HARASSMENT'),
      expected: ['Published → Rejected (harassment)', 'No longer featured'],
    },
    COMMENT_RESTORED: { before: comment('REJECTED', false, 'SPAM'), after: comment('PUBLISHED'), expected: ['Rejected (spam) → Published'] },
    COMMENT_FEATURED: { before: comment('PUBLISHED'), after: comment('PUBLISHED', true), expected: ['Featured'] },
    COMMENT_UNFEATURED: { before: comment('PUBLISHED', true), after: comment('PUBLISHED'), expected: ['No longer featured'] },
    ARTICLE_CLOSED: { before: { closed: false, preModeration: null }, after: { closed: true, preModeration: null }, expected: ['Comments: open → closed'] },
    ARTICLE_REOPENED: { before: { closed: true, preModeration: 'ALL' }, after: { closed: false, preModeration: 'ALL' }, expected: ['Comments: closed → open'] },
    ARTICLE_PREMODERATION_SET: {
      before: { closed: false, preModeration: null },
      after: { closed: false, preModeration: 'FIRST_COMMENTS' },
      expected: ['Pre-moderation: as the site → first comments of new commenters'],
    },
    USER_WARNED: { before: standing(), after: standing({ warning: 'Keep it civil' }), expected: ['Warned'] },
    USER_SUSPENDED: {
      before: standing(),
      after: standing({ suspendedUntil: '2026-12-02T14:00:00.000Z', statusReason: 'Spam links' }),
      expected: [`Active → Suspended until ${formatUtc(new Date('2026-12-02T14:00:00.000Z'))}`],
    },
    USER_BANNED: {
      before: standing(),
      after: { ...standing({ banned: true, statusReason: 'Spam' }), commentsRejected: 3 },
      expected: ['Active → Banned', '3 comments rejected'],
    },
    USER_LIFTED: { before: standing({ banned: true, statusReason: 'Spam' }), after: standing(), expected: ['Banned → Active'] },
    USER_MODERATION_MODE_SET: {
      before: standing(),
      after: standing({ moderationMode: 'TRUSTED' }),
      expected: ['Pre-moderation: as the site → never (trusted)'],
    },
    ROLE_CHANGED: { before: { role: 'READER' }, after: { role: 'MODERATOR' }, expected: ['Role: Reader → Moderator'] },
    POLICY_UPDATED: {
      before: policy({ preModeration: 'FIRST_COMMENTS', firstCommentsThreshold: 3, bannedWords: ['scam', 'idiot'] }),
      after: policy({ preModeration: 'ALL', firstCommentsThreshold: 3, bannedWords: ['idiot', 'crook'], suspectWords: ['crypto'], autoCloseDays: 90 }),
      expected: [
        'Pre-moderation: first comments (until 3 approved) → all comments',
        'Banned words: added “crook”; removed “scam”',
        'Suspect words: added “crypto”',
        'Auto-close: off → after 90 days',
      ],
    },
    APPEAL_RESOLVED: { before: { status: 'OPEN' }, after: { status: 'OVERTURNED' }, expected: ['Appeal: Open → Overturned (the comment is restored)'] },
  };

  test.each(Object.entries(examples))('%s', (action, { before, after, expected }) => {
    expect(lines(action, before, after)).toEqual(expected);
  });
});

describe('comments', () => {
  test('a ban’s removals record the status only', () => {
    expect(lines('COMMENT_REJECTED', { status: 'PENDING' }, { status: 'REJECTED' })).toEqual(['Pending → Rejected']);
  });

  test('deciding what is already so is "No change"', () => {
    expect(lines('COMMENT_APPROVED', comment('PUBLISHED'), comment('PUBLISHED'))).toEqual(['No change']);
    expect(lines('COMMENT_FEATURED', comment('PUBLISHED', true), comment('PUBLISHED', true))).toEqual(['No change']);
  });

  test('a rejected comment rejected again for another reason', () => {
    expect(lines('COMMENT_REJECTED', comment('REJECTED', false, 'SPAM'), comment('REJECTED', false, 'OFF_TOPIC'))).toEqual(['Rejected (spam) → Rejected (off-topic)']);
  });
});

describe('users', () => {
  test('a suspension that had run out before the action reads as active', () => {
    expect(lines('USER_SUSPENDED', standing({ suspendedUntil: '2026-11-01T00:00:00.000Z' }), standing({ suspendedUntil: '2026-12-01T00:00:00.000Z' }))).toEqual([
      `Active → Suspended until ${formatUtc(new Date('2026-12-01T00:00:00.000Z'))}`,
    ]);
  });

  test('lifting a running suspension; a suspension on top of a ban', () => {
    expect(lines('USER_LIFTED', standing({ suspendedUntil: '2026-12-01T00:00:00.000Z' }), standing())).toEqual([
      `Suspended until ${formatUtc(new Date('2026-12-01T00:00:00.000Z'))} → Active`,
    ]);
    expect(lines('USER_SUSPENDED', standing({ banned: true }), standing({ banned: true, suspendedUntil: '2026-12-01T00:00:00.000Z' }))).toEqual([
      `Banned → Banned; suspended until ${formatUtc(new Date('2026-12-01T00:00:00.000Z'))}`,
    ]);
  });

  test('a ban that rejected one comment, and one that rejected none', () => {
    expect(lines('USER_BANNED', standing(), { ...standing({ banned: true }), commentsRejected: 1 })).toEqual(['Active → Banned', '1 comment rejected']);
    expect(lines('USER_BANNED', standing(), { ...standing({ banned: true }), commentsRejected: 0 })).toEqual(['Active → Banned']);
  });

  test('a second warning says it replaced the first (its text is the entry’s note)', () => {
    expect(lines('USER_WARNED', standing({ warning: 'First' }), standing({ warning: 'Second' }))).toEqual(['Warned (replacing an earlier warning)']);
    expect(lines('USER_WARNED', standing({ warning: 'Same' }), standing({ warning: 'Same' }))).toEqual(['Warned again (the same warning)']);
  });

  test('pre-moderation for one user, every mode', () => {
    expect(lines('USER_MODERATION_MODE_SET', standing({ moderationMode: 'TRUSTED' }), standing({ moderationMode: 'PREMODERATE' }))).toEqual([
      'Pre-moderation: never (trusted) → always',
    ]);
  });
});

describe('the site policy', () => {
  test('the first-comments threshold alone', () => {
    expect(lines('POLICY_UPDATED', policy({ preModeration: 'FIRST_COMMENTS' }), policy({ preModeration: 'FIRST_COMMENTS', firstCommentsThreshold: 3 }))).toEqual([
      'Pre-moderation: first comments (until 1 approved) → first comments (until 3 approved)',
    ]);
    // The form sends the threshold with every save; under another mode it is still recorded.
    expect(lines('POLICY_UPDATED', policy(), policy({ firstCommentsThreshold: 5 }))).toEqual(['First comments held until: 1 approved → 5 approved']);
  });

  test('auto-close switched off; one day; saving without changes', () => {
    expect(lines('POLICY_UPDATED', policy({ autoCloseDays: 30 }), policy())).toEqual(['Auto-close: after 30 days → off']);
    expect(lines('POLICY_UPDATED', policy(), policy({ autoCloseDays: 1 }))).toEqual(['Auto-close: off → after 1 day']);
    expect(lines('POLICY_UPDATED', policy({ bannedWords: ['a', 'b'] }), policy({ bannedWords: ['b', 'a'] }))).toEqual(['No change']);
  });

  test('a verified email required to post, and no longer', () => {
    expect(lines('POLICY_UPDATED', policy(), { ...policy(), requireVerifiedEmail: true })).toEqual(['Verified email to post: not required → required']);
    expect(lines('POLICY_UPDATED', { ...policy(), requireVerifiedEmail: true }, { ...policy(), requireVerifiedEmail: false })).toEqual([
      'Verified email to post: required → not required',
    ]);
  });

  test('words removed only', () => {
    expect(lines('POLICY_UPDATED', policy({ suspectWords: ['crypto', 'forex'] }), policy())).toEqual(['Suspect words: removed “crypto”, “forex”']);
  });
});

describe('shapes no command records', () => {
  test('an action this code does not know: each changed field as "Field: before → after"', () => {
    expect(lines('SOMETHING_NEW', { fooBar: 1, same: 'x', flag: true }, { fooBar: 2, same: 'x', flag: false })).toEqual(['Foo bar: 1 → 2', 'Flag: yes → no']);
  });

  test('a known field with a value of the wrong type falls back, the rest still reads', () => {
    expect(lines('COMMENT_APPROVED', { status: 42, featured: false }, { status: 'PUBLISHED', featured: true })).toEqual(['Featured', 'Status: 42 → PUBLISHED']);
    expect(lines('USER_SUSPENDED', standing({ suspendedUntil: 'next Tuesday' }), standing())).toEqual(['Suspended until: next Tuesday → none']);
    expect(lines('ROLE_CHANGED', { role: 'OWNER' }, { role: 'READER' })).toEqual(['Role: OWNER → READER']);
  });

  test('fields on one side only, and extra fields beside known ones', () => {
    expect(lines('ROLE_CHANGED', null, { role: 'ADMIN' })).toEqual(['Role: — → Admin']);
    expect(lines('ROLE_CHANGED', { role: 'READER', via: 'cli' }, { role: 'ADMIN' })).toEqual(['Role: Reader → Admin', 'Via: cli → —']);
  });

  test('nested values, lists, dates and long text read without JSON', () => {
    const parts = lines(
      'SOMETHING_NEW',
      { detail: { innerKey: [1, 2], deep: { x: null } }, when: '2026-11-27T10:00:00.000Z', text: 'short', list: [] },
      { detail: null, when: null, text: 'x'.repeat(500), list: ['a', 'b'] },
    );
    expect(parts).toEqual([
      'Detail: Inner key: 1, 2; Deep: X: none → none',
      `When: ${formatUtc(at)} → none`,
      `Text: short → ${'x'.repeat(119)}…`,
      'List: none → a, b',
    ]);
  });

  test('snapshots that are not objects', () => {
    expect(lines('SOMETHING_NEW', 'old', 'new')).toEqual(['old → new']);
    expect(lines('COMMENT_APPROVED', ['PENDING'], { status: 'PUBLISHED' })).toEqual(['PENDING → Status: PUBLISHED']);
    expect(lines('COMMENT_APPROVED', 3, true)).toEqual(['3 → yes']);
  });

  test('nothing recorded, or nothing in it', () => {
    expect(lines('COMMENT_APPROVED', null, null)).toEqual(['No details recorded']);
    expect(lines('COMMENT_APPROVED', undefined, undefined)).toEqual(['No details recorded']);
    expect(lines('SOMETHING_NEW', {}, {})).toEqual(['No change']);
    expect(lines('SOMETHING_NEW', { '': 1 }, { '': 2 })).toEqual(['(unnamed): 1 → 2']);
  });

  test('never braces or quotes of JSON, whatever the shape', () => {
    const shapes: AuditChangeInput['before'][] = [
      null,
      1,
      'a',
      true,
      [],
      [{ a: { b: [{ c: 1 }] } }],
      { a: {} },
      { status: { nested: 'PENDING' } },
      { banned: 'yes' },
      { bannedWords: 'spam' },
    ];
    const actions = ['COMMENT_REJECTED', 'USER_BANNED', 'POLICY_UPDATED', 'ROLE_CHANGED', 'APPEAL_RESOLVED', 'SOMETHING_NEW'];
    for (const action of actions) {
      for (const before of shapes) {
        for (const after of shapes) {
          for (const line of lines(action, before, after)) expect(line, `${action} ${JSON.stringify(before)} ${JSON.stringify(after)}`).not.toMatch(/[{}"]/);
        }
      }
    }
  });
});

describe('the reason column', () => {
  test('a comment decision’s reason code as the reject form words it, with the note', () => {
    expect(describeAuditReason({ reason: 'HARASSMENT', note: 'Personal attack' })).toBe('Harassment (Personal attack)');
    expect(describeAuditReason({ reason: 'OFF_TOPIC', note: null })).toBe('Off-topic');
  });

  test('a suspension’s own words; a warning’s note alone; nothing', () => {
    expect(describeAuditReason({ reason: 'Repeated spam links', note: null })).toBe('Repeated spam links');
    expect(describeAuditReason({ reason: null, note: 'Mind the house rules' })).toBe('Mind the house rules');
    expect(describeAuditReason({ reason: null, note: '  ' })).toBeNull();
    expect(describeAuditReason({ reason: '', note: null })).toBeNull();
  });
});
