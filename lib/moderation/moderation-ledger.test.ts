// The public ledger under a thread: removed comments by reason, from the audit
// log, each comment counted by its latest decision, with no personal data.
import { afterAll, describe, expect, test } from 'vitest';
import { createActor, createTestArticle, post } from '@/lib/comments/test-fixtures';
import { db } from '@/lib/db';
import { moderateCommentAs } from './moderate-comment';
import { moderateUserAs } from './moderate-user';
import { moderationLedger } from './moderation-ledger';
import { commentWithStatus, createModerator } from './test-fixtures';

afterAll(() => db.$disconnect());

describe('the moderation ledger', () => {
  test('an article with no removals has an empty ledger', async () => {
    const article = await createTestArticle();
    await post(await createActor(), article.id);
    expect(await moderationLedger(article.id)).toEqual({ removed: 0, byReason: [] });
  });

  test('counts each removed comment once by its latest reason; restored comments, approvals and other articles do not count', async () => {
    const article = await createTestArticle();
    const other = await createTestArticle();
    const author = await createActor({ name: 'Ledger Author', email: `ledger-${Date.now()}@example.test` });
    const moderator = await createModerator();
    const spam = [(await post(author, article.id)).id, (await post(author, article.id)).id];
    const restored = (await post(author, article.id)).id;
    const twice = (await post(author, article.id)).id;
    const approved = await commentWithStatus(author, article.id, 'PENDING');
    const featured = (await post(author, article.id)).id;
    const elsewhere = (await post(author, other.id)).id;

    for (const id of spam) await moderateCommentAs(moderator, id, { kind: 'reject', reason: 'SPAM', note: `Private note about ${author.email}` });
    await moderateCommentAs(moderator, restored, { kind: 'reject', reason: 'HATE' });
    await moderateCommentAs(moderator, restored, { kind: 'restore' });
    await moderateCommentAs(moderator, twice, { kind: 'reject', reason: 'SPAM' });
    await moderateCommentAs(moderator, twice, { kind: 'reject', reason: 'HARASSMENT' });
    await moderateCommentAs(moderator, approved, { kind: 'approve' });
    await moderateCommentAs(moderator, featured, { kind: 'feature' });
    await moderateCommentAs(moderator, elsewhere, { kind: 'reject', reason: 'MISINFORMATION' });

    const ledger = await moderationLedger(article.id);
    expect(ledger).toEqual({
      removed: 3,
      byReason: [
        { reason: 'SPAM', count: 2 },
        { reason: 'HARASSMENT', count: 1 },
      ],
    });
    expect(await moderationLedger(other.id)).toEqual({ removed: 1, byReason: [{ reason: 'MISINFORMATION', count: 1 }] });

    // Only reasons and counts: no ids, names, emails or notes.
    for (const entry of ledger.byReason) expect(Object.keys(entry).sort()).toEqual(['count', 'reason']);
    const text = JSON.stringify(ledger);
    for (const secret of [author.id, author.email, author.name, moderator.id, moderator.name, 'Private note', ...spam, twice]) {
      expect(text).not.toContain(secret);
    }
  });

  test('a comment rejected, restored and rejected again counts once, by its last reason', async () => {
    const article = await createTestArticle();
    const moderator = await createModerator();
    const comment = (await post(await createActor(), article.id)).id;
    await moderateCommentAs(moderator, comment, { kind: 'reject', reason: 'SPAM' });
    await moderateCommentAs(moderator, comment, { kind: 'restore' });
    expect(await moderationLedger(article.id)).toEqual({ removed: 0, byReason: [] });
    await moderateCommentAs(moderator, comment, { kind: 'reject', reason: 'OFF_TOPIC' });
    expect(await moderationLedger(article.id)).toEqual({ removed: 1, byReason: [{ reason: 'OFF_TOPIC', count: 1 }] });
  });

  test('comments rejected with a ban count under OTHER', async () => {
    const article = await createTestArticle();
    const spammer = await createActor();
    await post(spammer, article.id);
    await post(spammer, article.id);
    await moderateUserAs(await createModerator(), spammer.id, { kind: 'ban', reason: 'Spam ring', rejectComments: true });
    expect(await moderationLedger(article.id)).toEqual({ removed: 2, byReason: [{ reason: 'OTHER', count: 2 }] });
  });
});
