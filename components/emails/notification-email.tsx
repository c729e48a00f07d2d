// A notification email: one entry (a reply, a moderation outcome) or several
// rolled into one (replies that came within the 10-minute window, the daily
// digest). Every piece of reader text is passed as a string for React to
// escape; no stored HTML is ever injected.
import { Link, Section, Text } from '@react-email/components';
import { EmailLayout } from './email-layout';

export type NotificationEmailItem = {
  /** What happened, as a sentence with its detail (lib/notifications/describe-notification.ts, as on /notifications). */
  text: string;
  /** The comment's opening words as plain text. */
  excerpt: string | null;
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
          <Text style={line}>{item.text}</Text>
          {item.excerpt && <Text style={quote}>{item.excerpt}</Text>}
          <Text style={line}>
            <Link href={item.link}>{item.excerpt ? 'Read it in the thread' : 'Open'}</Link>
          </Text>
        </Section>
      ))}
    </EmailLayout>
  );
}
