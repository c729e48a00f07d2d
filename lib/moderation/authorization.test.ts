// Who may run each moderation command: every command asks lib/auth itself,
// whatever the console showed. Each case gets its own article, comments and
// users, so a success in one cannot hide a refusal in another.
import { afterAll, describe, expect, test } from 'vitest';
import type { CurrentUser } from '@/lib/auth/current-user';
import { createActor, createTestArticle, post, refusal } from '@/lib/comments/test-fixtures';
import { db } from '@/lib/db';
import { appealRemovalAs, resolveAppealAs } from './appeals';
import { getModerationPolicyForAs } from './get-policy-for-moderator';
import { listAppealsAs } from './list-appeals';
import { listAuditLogAs } from './list-audit-log';
import { listModeratedArticlesAs } from './list-moderated-articles';
import { listQueueAs, queueCountsAs } from './list-queue';
import { moderateArticleAs } from './moderate-article';
import { moderateCommentAs, moderateCommentsAs } from './moderate-comment';
import { moderateUserAs } from './moderate-user';
import { getModerationPolicy } from './policy';
import { commentWithStatus, createAdmin, createModerator, DAY_MS, reload } from './test-fixtures';
import { updatePolicyAs } from './update-policy';

afterAll(() => db.$disconnect());

type Scene = {
  article: { id: string };
  author: CurrentUser;
  published: string;
  rejected: string;
  appealId: string;
  target: CurrentUser;
};

async function scene(): Promise<Scene> {
  const article = await createTestArticle();
  const author = await createActor({ name: 'Comment Author' });
  const published = (await post(author, article.id)).id;
  const rejected = await commentWithStatus(author, article.id, 'REJECTED');
  const appeal = await db.appeal.create({ data: { commentId: rejected, authorId: author.id, message: 'Please look again.' } });
  const target = await createActor({ name: 'Target Reader' });
  return { article, author, published, rejected, appealId: appeal.id, target };
}

const actors: Record<string, (s: Scene) => Promise<CurrentUser | null>> = {
  anonymous: () => Promise.resolve(null),
  reader: () => createActor(),
  'comment author': (s) => Promise.resolve(s.author),
  'suspended reader': () => createActor({ suspendedUntil: new Date(Date.now() + DAY_MS), statusReason: 'Cooling off' }),
  'banned reader': () => createActor({ bannedAt: new Date(), statusReason: 'Abuse' }),
  moderator: () => createModerator(),
  admin: () => createAdmin(),
};
const allowed = new Set(['moderator', 'admin']);

// Each command, and the target whose audit trail shows whether it ran (null for reads).
const commands: Record<string, { run: (actor: CurrentUser | null, s: Scene) => Promise<unknown>; audited: ((s: Scene) => string) | null }> = {
  'approve a comment': { run: (a, s) => moderateCommentAs(a, s.published, { kind: 'approve' }), audited: (s) => s.published },
  'reject a comment': { run: (a, s) => moderateCommentAs(a, s.published, { kind: 'reject', reason: 'SPAM' }), audited: (s) => s.published },
  'restore a comment': { run: (a, s) => moderateCommentAs(a, s.rejected, { kind: 'restore' }), audited: (s) => s.rejected },
  'feature a comment': { run: (a, s) => moderateCommentAs(a, s.published, { kind: 'feature' }), audited: (s) => s.published },
  'unfeature a comment': { run: (a, s) => moderateCommentAs(a, s.published, { kind: 'unfeature' }), audited: (s) => s.published },
  'bulk approve': { run: (a, s) => moderateCommentsAs(a, [s.published], { kind: 'approve' }), audited: (s) => s.published },
  'bulk reject': { run: (a, s) => moderateCommentsAs(a, [s.published], { kind: 'reject', reason: 'OFF_TOPIC' }), audited: (s) => s.published },
  'warn a user': { run: (a, s) => moderateUserAs(a, s.target.id, { kind: 'warn', message: 'Mind the tone.' }), audited: (s) => s.target.id },
  'suspend a user': {
    run: (a, s) => moderateUserAs(a, s.target.id, { kind: 'suspend', until: new Date(Date.now() + DAY_MS), reason: 'Flooding' }),
    audited: (s) => s.target.id,
  },
  'ban a user': { run: (a, s) => moderateUserAs(a, s.target.id, { kind: 'ban', reason: 'Abuse', rejectComments: true }), audited: (s) => s.target.id },
  'lift a user': { run: (a, s) => moderateUserAs(a, s.target.id, { kind: 'lift' }), audited: (s) => s.target.id },
  'set a user’s mode': { run: (a, s) => moderateUserAs(a, s.target.id, { kind: 'mode', mode: 'PREMODERATE' }), audited: (s) => s.target.id },
  'close an article': { run: (a, s) => moderateArticleAs(a, s.article.id, { kind: 'close' }), audited: (s) => s.article.id },
  'reopen an article': { run: (a, s) => moderateArticleAs(a, s.article.id, { kind: 'reopen' }), audited: (s) => s.article.id },
  'set an article’s pre-moderation': { run: (a, s) => moderateArticleAs(a, s.article.id, { kind: 'pre-moderation', mode: 'ALL' }), audited: (s) => s.article.id },
  'update the policy': {
    // The same settings again: the command still runs (and is audited) without changing what other tests post under.
    run: async (a) => {
      const { updatedAt: _, ...current } = await getModerationPolicy();
      return updatePolicyAs(a, current);
    },
    audited: null,
  },
  'resolve an appeal': { run: (a, s) => resolveAppealAs(a, { appealId: s.appealId, outcome: 'UPHELD' }), audited: (s) => s.appealId },
  'list a queue': { run: (a) => listQueueAs(a, { queue: 'pending' }), audited: null },
  'count the queues': { run: (a) => queueCountsAs(a), audited: null },
  'read the audit log': { run: (a) => listAuditLogAs(a, {}), audited: null },
  'list appeals': { run: (a) => listAppealsAs(a), audited: null },
  'list moderated articles': { run: (a) => listModeratedArticlesAs(a), audited: null },
  'read the policy': { run: (a) => getModerationPolicyForAs(a), audited: null },
};

describe('only moderators and admins run moderation commands', () => {
  for (const [actorName, makeActor] of Object.entries(actors)) {
    const expected = allowed.has(actorName) ? 'ok' : actorName === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
    for (const [commandName, command] of Object.entries(commands)) {
      test(`${actorName} → ${commandName}: ${expected}`, async () => {
        const s = await scene();
        const actor = await makeActor(s);
        const policyAudits = () => db.auditLog.count({ where: { action: 'POLICY_UPDATED', actorId: actor?.id ?? '00000000-0000-0000-0000-000000000000' } });
        const policyBefore = await policyAudits();
        if (expected === 'ok') {
          await command.run(actor, s);
          if (command.audited) expect(await db.auditLog.count({ where: { targetId: command.audited(s), actorId: actor?.id } })).toBe(1);
          if (commandName === 'update the policy') expect(await policyAudits()).toBe(policyBefore + 1);
        } else {
          await refusal(command.run(actor, s), expected);
          // A refusal changes nothing.
          if (command.audited) expect(await db.auditLog.count({ where: { targetId: command.audited(s) } })).toBe(0);
          expect(await db.comment.findUniqueOrThrow({ where: { id: s.published }, select: { status: true, featuredAt: true } })).toEqual({
            status: 'PUBLISHED',
            featuredAt: null,
          });
          expect(
            await db.user.findUniqueOrThrow({ where: { id: s.target.id }, select: { bannedAt: true, suspendedUntil: true, warning: true, moderationMode: true } }),
          ).toEqual({
            bannedAt: null,
            suspendedUntil: null,
            warning: null,
            moderationMode: 'DEFAULT',
          });
          expect(await db.appeal.findUniqueOrThrow({ where: { id: s.appealId }, select: { status: true } })).toEqual({ status: 'OPEN' });
        }
      });
    }
  }
});

describe('appealing a removal is for the comment’s author alone, once', () => {
  for (const [actorName, makeActor] of Object.entries(actors)) {
    const expected = actorName === 'comment author' ? 'ok' : actorName === 'anonymous' ? 'UNAUTHENTICATED' : 'NOT_FOUND';
    test(`${actorName} appeals the author’s removed comment: ${expected}`, async () => {
      const article = await createTestArticle();
      const author = await createActor();
      const rejected = await commentWithStatus(author, article.id, 'REJECTED');
      const actor = await makeActor({ article, author, published: '', rejected, appealId: '', target: author });
      if (expected === 'ok') {
        await appealRemovalAs(actor, { commentId: rejected, message: 'It was on topic.' });
        expect(await db.appeal.findMany({ where: { commentId: rejected }, select: { authorId: true, status: true, message: true } })).toEqual([
          { authorId: author.id, status: 'OPEN', message: 'It was on topic.' },
        ]);
        await refusal(appealRemovalAs(actor, { commentId: rejected, message: 'Again.' }), 'CONFLICT');
      } else {
        await refusal(appealRemovalAs(actor, { commentId: rejected, message: 'Not mine.' }), expected);
      }
      expect(await db.appeal.count({ where: { commentId: rejected } })).toBe(expected === 'ok' ? 1 : 0);
    });
  }

  test('a suspended or banned author may still appeal (they keep reading their own account)', async () => {
    const article = await createTestArticle();
    const author = await createActor();
    const rejected = await commentWithStatus(author, article.id, 'REJECTED');
    await db.user.update({ where: { id: author.id }, data: { bannedAt: new Date(), statusReason: 'Abuse' } });
    const bannedAuthor = await reload(author);
    expect(bannedAuthor.bannedAt).not.toBeNull();
    await appealRemovalAs(bannedAuthor, { commentId: rejected, message: 'Please reconsider.' });
    expect(await db.appeal.count({ where: { commentId: rejected } })).toBe(1);
  });
});

describe('staff accounts', () => {
  test('a moderator cannot act on a moderator or an admin; an admin can', async () => {
    const moderator = await createModerator();
    const otherModerator = await createModerator();
    const admin = await createAdmin();
    const otherAdmin = await createAdmin();
    for (const target of [otherModerator, admin]) {
      const error = await refusal(moderateUserAs(moderator, target.id, { kind: 'warn', message: 'Careful.' }), 'FORBIDDEN');
      expect(error.message).toMatch(/Only an admin/);
      await refusal(moderateUserAs(moderator, target.id, { kind: 'ban', reason: 'No', rejectComments: false }), 'FORBIDDEN');
      expect(await db.auditLog.count({ where: { targetId: target.id } })).toBe(0);
      expect(await db.user.findUniqueOrThrow({ where: { id: target.id }, select: { warning: true, bannedAt: true } })).toEqual({ warning: null, bannedAt: null });
    }
    await moderateUserAs(admin, otherModerator.id, { kind: 'warn', message: 'Careful with bulk rejects.' });
    await moderateUserAs(admin, otherAdmin.id, { kind: 'mode', mode: 'TRUSTED' });
    expect((await db.user.findUniqueOrThrow({ where: { id: otherModerator.id } })).warning).toBe('Careful with bulk rejects.');
    expect((await db.user.findUniqueOrThrow({ where: { id: otherAdmin.id } })).moderationMode).toBe('TRUSTED');
  });

  test('nobody can moderate their own account', async () => {
    for (const self of [await createModerator(), await createAdmin()]) {
      for (const decision of [
        { kind: 'lift' } as const,
        { kind: 'mode', mode: 'TRUSTED' } as const,
        { kind: 'warn', message: 'Me' } as const,
        { kind: 'suspend', until: new Date(Date.now() + DAY_MS), reason: 'Me' } as const,
      ]) {
        const error = await refusal(moderateUserAs(self, self.id, decision), 'FORBIDDEN');
        expect(error.message).toMatch(/your own account/);
      }
      expect(await db.auditLog.count({ where: { targetId: self.id } })).toBe(0);
    }
  });
});
