import { describe, expect, test } from 'vitest';
import { describeNotification } from './describe-notification';

const about = { actorName: 'Ada', articleTitle: 'Ships & <Harbours>', detail: null };

describe('a notification in words (the page and the emails)', () => {
  test('the summary names who and where, with no full stop (an email subject); the text is its sentence', () => {
    expect(describeNotification({ kind: 'REPLY', ...about })).toEqual({
      summary: 'Ada replied to your comment on “Ships & <Harbours>”',
      text: 'Ada replied to your comment on “Ships & <Harbours>”.',
    });
    expect(describeNotification({ kind: 'MENTION', ...about, actorName: null }).summary).toBe('Someone mentioned you in a comment on “Ships & <Harbours>”');
    expect(describeNotification({ kind: 'FOLLOWED_THREAD', ...about, articleTitle: null }).text).toBe('Ada commented, a thread you follow.');
  });

  test('moderation outcomes carry their detail once, unlabelled when it is already a sentence of its own', () => {
    expect(describeNotification({ kind: 'COMMENT_REJECTED', ...about, detail: 'Spam (Advertising)' }).text).toBe(
      'Your comment on “Ships & <Harbours>” was removed by a moderator. Reason: Spam (Advertising).',
    );
    expect(describeNotification({ kind: 'COMMENT_REJECTED', ...about }).text).toMatch(/Reason: not given\.$/);
    expect(describeNotification({ kind: 'WARNING', ...about, detail: 'Mind the rules.' }).text).toBe('A moderator sent you a warning: Mind the rules.');
    expect(describeNotification({ kind: 'BAN', ...about, detail: 'Reason: repeated spam' }).text).toBe('Your account is banned from posting. Reason: repeated spam.');
    expect(describeNotification({ kind: 'SUSPENSION', ...about, detail: 'Until 5 December 2026, 12:00 UTC. Reason: spam.' })).toEqual({
      summary: 'Your account is suspended from posting',
      text: 'Your account is suspended from posting. Until 5 December 2026, 12:00 UTC. Reason: spam.',
    });
    expect(describeNotification({ kind: 'APPEAL_DECIDED', ...about, detail: 'Your appeal was turned down: the removal stands.' }).text).toBe(
      'Your appeal was decided on “Ships & <Harbours>”. Your appeal was turned down: the removal stands.',
    );
  });
});
