// Warn, suspend, ban, lift and per-user pre-moderation: each changes the
// user's standing, is audited once, and is felt when they next post.
import { afterAll, describe, expect, test } from 'vitest';
import { createActor, createTestArticle, post, refusal } from '@/lib/comments/test-fixtures';
import { postingRestriction } from '@/lib/auth/authorization';
import { resolveSessionUser } from '@/lib/auth/current-user';
import { openSession } from '@/lib/auth/session-records';
import { createTestUser } from '@/lib/auth/test-users';
import { db } from '@/lib/db';
import { acknowledgeWarningAs, moderateUserAs } from './moderate-user';
import { auditOf, commentWithStatus, counts, createModerator, DAY_MS, reload, reportTimes } from './test-fixtures';

afterAll(() => db.$disconnect());

const HOUR_MS = 60 * 60 * 1000;

describe('warnings', () => {
  test('a warning is stored for the user and audited; acknowledging it stops it being shown', async () => {
    const reader = await createActor();
    const moderator = await createModerator();
    await moderateUserAs(moderator, reader.id, { kind: 'warn', message: 'Please keep it civil.' });
    const warned = await reload(reader);
    expect(warned).toMatchObject({ warning: 'Please keep it civil.', warningAcknowledgedAt: null });
    const audit = await auditOf(reader.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'USER_WARNED',
      actorId: moderator.id,
      targetType: 'user',
      before: { warning: null, banned: false, suspendedUntil: null, moderationMode: 'DEFAULT', statusReason: null },
      after: { warning: 'Please keep it civil.', banned: false },
      note: 'Please keep it civil.',
    });

    await acknowledgeWarningAs(warned);
    // The banner shows a warning only while it is unacknowledged (components/site/warning-banner.tsx).
    expect((await reload(reader)).warningAcknowledgedAt).toBeInstanceOf(Date);

    // A new warning is shown again.
    await moderateUserAs(moderator, reader.id, { kind: 'warn', message: 'Second warning.' });
    expect(await reload(reader)).toMatchObject({ warning: 'Second warning.', warningAcknowledgedAt: null });
  });

  test('acknowledging needs a signed-in user', async () => {
    await refusal(acknowledgeWarningAs(null), 'UNAUTHENTICATED');
  });
});

describe('suspensions and bans', () => {
  test('a one-hour suspension stops posting until then, with the reason; audited with before and after', async () => {
    const reader = await createActor();
    const moderator = await createModerator();
    const until = new Date(Date.now() + HOUR_MS);
    await moderateUserAs(moderator, reader.id, { kind: 'suspend', until, reason: 'Flooding the thread' });
    const suspended = await reload(reader);
    expect(suspended.suspendedUntil?.getTime()).toBe(until.getTime());
    const error = await refusal(post(suspended, (await createTestArticle()).id), 'FORBIDDEN');
    expect(error.message).toMatch(/suspended from posting until .*Flooding the thread/);
    const [entry, ...rest] = await auditOf(reader.id);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      action: 'USER_SUSPENDED',
      reason: 'Flooding the thread',
      before: { suspendedUntil: null, statusReason: null },
      after: { suspendedUntil: until.toISOString(), statusReason: 'Flooding the thread' },
    });
  });

  test('a custom suspension takes the chosen end; a time in the past is refused and changes nothing', async () => {
    const reader = await createActor();
    const moderator = await createModerator();
    const until = new Date(Date.now() + 3 * DAY_MS + 17 * 60 * 1000);
    await moderateUserAs(moderator, reader.id, { kind: 'suspend', until, reason: 'Custom' });
    expect((await reload(reader)).suspendedUntil?.getTime()).toBe(until.getTime());

    const other = await createActor();
    const error = await refusal(moderateUserAs(moderator, other.id, { kind: 'suspend', until: new Date(Date.now() - 1000), reason: 'Past' }), 'INVALID_INPUT');
    expect(error.message).toMatch(/future/);
    expect((await reload(other)).suspendedUntil).toBeNull();
    expect(await auditOf(other.id)).toEqual([]);
  });

  test('a ban stops posting; lifting it lets the user post again; both audited', async () => {
    const reader = await createActor();
    const moderator = await createModerator();
    const article = await createTestArticle();
    const result = await moderateUserAs(moderator, reader.id, { kind: 'ban', reason: 'Hate speech', rejectComments: false });
    expect(result).toEqual({ rejected: 0 });
    const banned = await reload(reader);
    expect(banned.bannedAt).toBeInstanceOf(Date);
    expect((await refusal(post(banned, article.id), 'FORBIDDEN')).message).toBe('Your account is banned from posting. Reason: Hate speech');

    await moderateUserAs(moderator, reader.id, { kind: 'lift' });
    const lifted = await reload(reader);
    expect(lifted).toMatchObject({ bannedAt: null, suspendedUntil: null, statusReason: null });
    expect((await post(lifted, article.id)).status).toBe('PUBLISHED');

    const audit = await auditOf(reader.id);
    expect(audit.map((entry) => [entry.action, entry.before, entry.after, entry.reason])).toEqual([
      [
        'USER_BANNED',
        { suspendedUntil: null, banned: false, statusReason: null, moderationMode: 'DEFAULT', warning: null },
        { suspendedUntil: null, banned: true, statusReason: 'Hate speech', moderationMode: 'DEFAULT', warning: null, commentsRejected: 0 },
        'Hate speech',
      ],
      [
        'USER_LIFTED',
        { suspendedUntil: null, banned: true, statusReason: 'Hate speech', moderationMode: 'DEFAULT', warning: null },
        { suspendedUntil: null, banned: false, statusReason: null, moderationMode: 'DEFAULT', warning: null },
        null,
      ],
    ]);
  });

  test('a ban ends the user’s sessions (they may sign in again, to read); a suspension keeps them signed in', async () => {
    const [banned, suspended, moderator] = await Promise.all([createActor(), createActor(), createModerator()]);
    await moderateUserAs(moderator, suspended.id, { kind: 'suspend', until: new Date(Date.now() + HOUR_MS), reason: 'Cooling off' });
    await moderateUserAs(moderator, banned.id, { kind: 'ban', reason: 'Hate speech', rejectComments: false });

    // The next request of each, carrying the session they had before.
    expect(await resolveSessionUser({ sub: suspended.id, sv: suspended.sessionVersion, sid: suspended.sessionId })).toMatchObject({
      id: suspended.id,
      statusReason: 'Cooling off',
    });
    expect(await resolveSessionUser({ sub: banned.id, sv: banned.sessionVersion, sid: banned.sessionId })).toBeNull();

    const signedInAgain = await resolveSessionUser(await openSession(await db.user.findUniqueOrThrow({ where: { id: banned.id } })));
    expect(signedInAgain?.id).toBe(banned.id);
    expect(postingRestriction(signedInAgain!)).toBe('Your account is banned from posting. Reason: Hate speech');
  });

  test('lifting ends a suspension too', async () => {
    const reader = await createActor({ suspendedUntil: new Date(Date.now() + DAY_MS), statusReason: 'x' });
    await moderateUserAs(await createModerator(), reader.id, { kind: 'lift' });
    expect(await reload(reader)).toMatchObject({ suspendedUntil: null, statusReason: null });
  });

  test('a ban with rejectComments rejects all their published and held comments, uncounts them, and audits each', async () => {
    const spammer = await createActor();
    const bystander = await createActor();
    const first = await createTestArticle();
    const second = await createTestArticle();
    const root = (await post(bystander, first.id)).id;
    const published = (await post(spammer, first.id)).id;
    const reply = (await post(spammer, first.id, { replyToId: root })).id;
    const elsewhere = (await post(spammer, second.id)).id;
    const held = await commentWithStatus(spammer, second.id, 'PENDING');
    const alreadyRejected = await commentWithStatus(spammer, second.id, 'REJECTED', { rejectionReason: 'OFF_TOPIC' });
    const untouched = (await post(bystander, second.id)).id;
    await reportTimes(published, 2);
    expect(await counts(first.id, root)).toEqual({ article: 3, replies: 1 });
    expect((await counts(second.id)).article).toBe(2);

    const moderator = await createModerator();
    const result = await moderateUserAs(moderator, spammer.id, { kind: 'ban', reason: 'Spam ring', rejectComments: true });
    expect(result).toEqual({ rejected: 4 });
    const rejectedNow = [published, reply, elsewhere, held];
    expect(await db.comment.count({ where: { id: { in: rejectedNow }, status: 'REJECTED', moderatedById: moderator.id } })).toBe(4);
    expect((await db.comment.findUniqueOrThrow({ where: { id: alreadyRejected } })).rejectionReason).toBe('OFF_TOPIC');
    expect((await db.comment.findUniqueOrThrow({ where: { id: untouched } })).status).toBe('PUBLISHED');
    expect(await counts(first.id, root)).toEqual({ article: 1, replies: 0 });
    expect((await counts(second.id)).article).toBe(1);
    expect(await db.commentReport.count({ where: { commentId: published, resolvedAt: null } })).toBe(0);

    // One entry for the ban and one per rejected comment, nothing for the rest.
    expect(await auditOf(spammer.id)).toEqual([
      expect.objectContaining({ action: 'USER_BANNED', after: expect.objectContaining({ banned: true, commentsRejected: 4 }) }),
    ]);
    for (const id of rejectedNow) {
      expect(await auditOf(id)).toEqual([
        expect.objectContaining({ action: 'COMMENT_REJECTED', actorId: moderator.id, targetType: 'comment', reason: 'OTHER', note: 'Author banned' }),
      ]);
    }
    expect(await auditOf(alreadyRejected)).toEqual([]);
    expect(await auditOf(untouched)).toEqual([]);
  });

  test('an unknown or deleted user is NOT_FOUND', async () => {
    const moderator = await createModerator();
    await refusal(moderateUserAs(moderator, '00000000-0000-4000-8000-000000000002', { kind: 'lift' }), 'NOT_FOUND');
    const deleted = await createTestUser({ deletedAt: new Date() });
    await refusal(moderateUserAs(moderator, deleted.id, { kind: 'lift' }), 'NOT_FOUND');
  });
});

describe('per-user pre-moderation', () => {
  test('PREMODERATE holds their next comment, TRUSTED publishes it under a hold-all article, DEFAULT follows the policy again', async () => {
    const reader = await createActor();
    const moderator = await createModerator();
    const open = await createTestArticle({ preModeration: 'NONE' });
    const holdAll = await createTestArticle({ preModeration: 'ALL' });

    await moderateUserAs(moderator, reader.id, { kind: 'mode', mode: 'PREMODERATE' });
    expect((await post(await reload(reader), open.id)).status).toBe('PENDING');
    await moderateUserAs(moderator, reader.id, { kind: 'mode', mode: 'TRUSTED' });
    expect((await post(await reload(reader), holdAll.id)).status).toBe('PUBLISHED');
    await moderateUserAs(moderator, reader.id, { kind: 'mode', mode: 'DEFAULT' });
    expect((await post(await reload(reader), holdAll.id)).status).toBe('PENDING');

    expect(
      (await auditOf(reader.id)).map((entry) => [
        entry.action,
        (entry.before as { moderationMode: string }).moderationMode,
        (entry.after as { moderationMode: string }).moderationMode,
      ]),
    ).toEqual([
      ['USER_MODERATION_MODE_SET', 'DEFAULT', 'PREMODERATE'],
      ['USER_MODERATION_MODE_SET', 'PREMODERATE', 'TRUSTED'],
      ['USER_MODERATION_MODE_SET', 'TRUSTED', 'DEFAULT'],
    ]);
  });
});
