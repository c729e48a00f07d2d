// A notification email: one entry (a reply, a moderation outcome) or several
// rolled into one (replies that came within the 10-minute window, the daily
// digest). Every piece of reader text is passed as a string for React to
// escape; no stored HTML is ever injected.
import { Link, Section, Text } from '@react-email/components';
import { EmailLayout } from './email-layout';

export type NotificationEmailKind =
  'REPLY' | 'MENTION' | 'FOLLOWED_THREAD' | 'COMMENT_APPROVED' | 'COMMENT_REJECTED' | 'WARNING' | 'SUSPENSION' | 'BAN' | 'APPEAL_DECIDED';

export type NotificationEmailItem = {
  kind: NotificationEmailKind;
  /** Who wrote the comment (replies, mentions, followed threads). */
  actorName: string | null;
  articleTitle: string | null;
  /** The comment's opening words as plain text. */
  excerpt: string | null;
  /** A reason, a decision, an end date, in words. */
  detail: string | null;
  /** Absolute link to the comment or the page the entry is about. */
  link: string;
};

export type NotificationEmailProps = {
  heading: string;
  preview: string;
  items: NotificationEmailItem[];
  /** Why this email came, in words ("You get an email when someone replies to you."). */
  reason: string;
  unsubscribeUrl: string;
  unsubscribeLabel: string;
  preferencesUrl: string;
};

/** One line saying what happened, as its recipient reads it. */
export function describeNotification({ kind, actorName, articleTitle }: Pick<NotificationEmailItem, 'kind' | 'actorName' | 'articleTitle'>): string {
  const someone = actorName ?? 'Someone';
  const on = articleTitle ? ` on “${articleTitle}”` : '';
  switch (kind) {
    case 'REPLY':
      return `${someone} replied to your comment${on}`;
    case 'MENTION':
      return `${someone} mentioned you in a comment${on}`;
    case 'FOLLOWED_THREAD':
      return `${someone} commented${on}, a thread you follow`;
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
      return 'Your appeal was decided';
  }
}

const detailLabel: Partial<Record<NotificationEmailKind, string>> = {
  COMMENT_REJECTED: 'Reason',
  WARNING: 'Warning',
  SUSPENSION: 'Details',
  BAN: 'Reason',
  APPEAL_DECIDED: 'Decision',
};

const entry = { margin: '0 0 20px' };
const line = { fontSize: '16px', lineHeight: '1.5', margin: '0 0 6px' };
const quote = { fontSize: '15px', lineHeight: '1.5', margin: '0 0 6px', padding: '4px 0 4px 12px', borderLeft: '3px solid #d8cfc0', color: '#3a3a3a' };

export function NotificationEmail({ heading, preview, items, reason, unsubscribeUrl, unsubscribeLabel, preferencesUrl }: NotificationEmailProps) {
  return (
    <EmailLayout
      preview={preview}
      heading={heading}
      footer={
        <>
          <Text style={{ fontSize: '12px', lineHeight: '1.5', color: '#6b6b6b' }}>
            {reason} <Link href={unsubscribeUrl}>{unsubscribeLabel}</Link> · <Link href={preferencesUrl}>Notification settings</Link>
          </Text>
        </>
      }
    >
      {items.map((item, index) => (
        <Section key={index} style={entry}>
          <Text style={line}>{describeNotification(item)}.</Text>
          {item.excerpt && <Text style={quote}>{item.excerpt}</Text>}
          {item.detail && (
            <Text style={line}>
              {detailLabel[item.kind] ?? 'Details'}: {item.detail}
            </Text>
          )}
          <Text style={line}>
            <Link href={item.link}>{item.excerpt ? 'Read it in the thread' : 'Open'}</Link>
          </Text>
        </Section>
      ))}
    </EmailLayout>
  );
}
