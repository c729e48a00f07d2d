import Link from 'next/link';
import { notFound } from 'next/navigation';
import { guardPage } from '@/lib/auth/page-guards';
import { listCaughtMail, mailboxDir } from '@/lib/email/dev-mailbox';
import { formatUtc } from '@/lib/format-utc';

export const metadata = { title: 'Mailbox (development)', robots: { index: false } };

export default async function MailboxPage() {
  if (!mailboxDir()) notFound();
  await guardPage('administer', '/dev/mailbox');
  const { dir, mail } = await listCaughtMail();

  return (
    <div className="admin-page">
      <h1>Mailbox</h1>
      <p>
        Every email the app sent, caught by <code>npm start</code>’s local mail catcher (no <code>SMTP_URL</code> is set). The messages are also files in{' '}
        <code>{dir}</code>.
      </p>
      {mail.length === 0 ? (
        <p>No mail yet.</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Caught mail, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
            </tr>
          </thead>
          <tbody>
            {mail.map((message) => (
              <tr key={message.id}>
                <td>{message.date ? formatUtc(message.date) : ''}</td>
                <td>{message.to.join(', ')}</td>
                <th scope="row">
                  <Link href={`/dev/mailbox/${message.id}`} prefetch={false}>
                    {message.subject || '(no subject)'}
                  </Link>
                </th>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
