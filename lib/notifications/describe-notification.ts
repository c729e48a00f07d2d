// One notification in words, as its recipient reads it: the /notifications
// page and the notification emails say the same thing (one function, so they
// cannot drift apart). Pure: no database, no server-only code.
import type { NotificationKind } from '@/lib/generated/prisma/client';

export type DescribableNotification = {
  kind: NotificationKind;
  /** Who wrote the comment (replies, mentions, followed threads); null when unknown or deleted. */
  actorName: string | null;
  articleTitle: string | null;
  /** What moderation stored with it: a reason, a warning, a suspension's end, a decision. */
  detail: string | null;
};

export type NotificationWords = {
  /** What happened, without its detail or full stop: an email's subject, "Ada replied to your comment on “Title”". */
  summary: string;
  /** The whole entry as a sentence, detail included: a line on the page and in the email. */
  text: string;
};

const withFullStop = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

function summaryOf({ kind, actorName, articleTitle }: DescribableNotification): string {
  const who = actorName ?? 'Someone';
  const on = articleTitle ? ` on “${articleTitle}”` : '';
  switch (kind) {
    case 'REPLY':
      return `${who} replied to your comment${on}`;
    case 'MENTION':
      return `${who} mentioned you in a comment${on}`;
    case 'FOLLOWED_THREAD':
      return `${who} commented${on}, a thread you follow`;
    case 'COMMENT_APPROVED':
      return `Your comment${on} was approved and is now public`;
    case 'COMMENT_REJECTED':
      return `Your comment${on} was removed by a moderator`;
    case 'WARNING':
      return 'A moderator sent you a warning';
    case 'SUSPENSION':
      return 'Your account is suspended from posting';
    case 'BAN':
      return 'Your account is banned from posting';
    case 'APPEAL_DECIDED':
      return `Your appeal was decided${on}`;
  }
}

export function describeNotification(notification: DescribableNotification): NotificationWords {
  const summary = summaryOf(notification);
  const detail = notification.detail?.trim() || null;
  switch (notification.kind) {
    // A removal always says why, even when no reason was stored.
    case 'COMMENT_REJECTED':
      return { summary, text: `${summary}. Reason: ${withFullStop(detail ?? 'not given')}` };
    // The warning is the moderator's message itself.
    case 'WARNING':
      return { summary, text: detail ? `${summary}: ${withFullStop(detail)}` : `${summary}.` };
    // Suspensions, bans and appeals store their detail as a sentence of its own ("Until …. Reason: …").
    default:
      return { summary, text: detail ? `${summary}. ${withFullStop(detail)}` : `${summary}.` };
  }
}
