import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EmailHtmlFrame } from '@/components/mail/email-html-frame';
import { LinkedText } from '@/components/mail/linked-text';
import { guardPage } from '@/lib/auth/page-guards';
import { getCaughtMail, mailboxDir } from '@/lib/email/dev-mailbox';
import { DomainError } from '@/lib/errors';
import { formatUtc } from '@/lib/format-utc';

export const metadata = { title: 'Mailbox message (development)', robots: { index: false } };

type MessagePageProps = { params: Promise<{ id: string }> };

/** Headers worth seeing while developing email (threading, unsubscribe). */
const shownHeaders = ['from', 'to', 'date', 'message-id', 'in-reply-to', 'references', 'list-unsubscribe', 'list-unsubscribe-post'];

export default async function MailboxMessagePage({ params }: MessagePageProps) {
  if (!mailboxDir()) notFound();
  const { id } = await params;
  await guardPage('administer', `/dev/mailbox/${id}`);
  const message = await getCaughtMail(id).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const headers = message.headers.filter(([name]) => shownHeaders.includes(name));

  return (
    <div className="admin-page">
      <p>
        <Link href="/dev/mailbox">← Mailbox</Link>
      </p>
      <h1>{message.subject || '(no subject)'}</h1>
      <p>Received {message.date ? formatUtc(message.date) : 'at an unknown time'}.</p>
      <table className="table">
        <caption className="visually-hidden">Headers</caption>
        <tbody>
          {headers.map(([name, value]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>
                <code>{value}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Links</h2>
      <ul>
        {message.links.map((link) => (
          <li key={link}>
            <a href={link}>{link}</a>
          </li>
        ))}
      </ul>
      <h2>Text</h2>
      <LinkedText text={message.text} />
      {message.html && (
        <>
          <h2>HTML</h2>
          <EmailHtmlFrame html={message.html} title={`HTML part of “${message.subject}”`} />
        </>
      )}
    </div>
  );
}
