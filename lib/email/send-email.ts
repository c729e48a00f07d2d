// Sends one email, at most once per key. Called from job handlers only
// (lib/jobs/), never on a request: a slow or absent SMTP server delays a job,
// not a reader.
//
// At most once: the EmailDelivery row is committed before the message is
// handed to SMTP, and a key that already has a row is never sent again. A
// worker that dies after sending cannot send it twice; one that dies between
// the row and the hand-over loses that email (the row stays with sentAt null,
// logged by the next attempt). An SMTP failure that certainly delivered
// nothing (connection refused, a refusal before the message was accepted)
// removes the row again, so the job's retry sends it.
import 'server-only';
import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { ReactElement } from 'react';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { Prisma } from '@/lib/generated/prisma/client';
import { logFor } from '@/lib/log';
import { renderEmail } from './render-email';

export type EmailMessage = {
  /** Idempotency key: one email per key, ever (e.g. `notification:<id>`, `verify:<tokenId>`). */
  key: string;
  to: string;
  subject: string;
  /** One React element (components/emails/), rendered to both the HTML and the plain-text part. */
  body: ReactElement;
  /**
   * `List-Unsubscribe: <url>` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`
   * (RFC 8058): every email has them (issue 13), so they are not optional.
   */
  listUnsubscribeUrl: string;
  /** `<id@host>`; made from the key when not given. */
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
};

export type SendOutcome = { sent: true; messageId: string } | { sent: false; reason: 'already-sent' };

let transporter: { url: string; transport: Transporter } | undefined;

function transport(): Transporter {
  const url = env.SMTP_URL;
  if (!url)
    throw new Error(
      'SMTP_URL is not set: email cannot be sent. Set it to your SMTP server, e.g. smtp://user:password@mail.example:587 (npm start on the embedded database sets it to its mail catcher).',
    );
  if (transporter?.url !== url) {
    // One connection per message (no pool): jobs send a few emails at a time,
    // and a pooled connection the server dropped would fail the next job.
    transporter = { url, transport: nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }) };
  }
  return transporter.transport;
}

/** The host part of our Message-IDs: the site's host name. */
export function messageIdHost(): string {
  return new URL(env.SITE_URL).hostname;
}

/** A stable Message-ID for a key, so a retried send would carry the same one. */
export function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${messageIdHost()}>`;
}

/**
 * Whether the server certainly did not accept the message: it answered with a
 * refusal, or the failure came before the message was transferred (no
 * connection, greeting, TLS, login, envelope) or from our own configuration.
 * A socket error or timeout while the message was being transferred may have
 * delivered it: that one is not retried (at most once).
 */
function certainlyNotDelivered(error: unknown): boolean {
  const { code, command, responseCode } = (error ?? {}) as { code?: string; command?: string; responseCode?: number };
  if (typeof responseCode === 'number' && responseCode >= 400) return true;
  if (code === undefined) return true;
  if (['EDNS', 'ETLS', 'EAUTH', 'EENVELOPE', 'EMESSAGE', 'EREQUIRETLS'].includes(code)) return true;
  return command !== undefined && /^(CONN|API|EHLO|HELO|LHLO|STARTTLS|AUTH|MAIL FROM|RCPT TO)/.test(command);
}

export async function sendEmail(message: EmailMessage): Promise<SendOutcome> {
  const messageId = message.messageId ?? messageIdFor(message.key);
  // Rendered before the delivery row exists: a component that throws leaves nothing behind.
  const { html, text } = renderEmail(message.body);

  try {
    await db.emailDelivery.create({ data: { key: message.key, recipient: message.to, subject: message.subject, messageId } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const earlier = await db.emailDelivery.findUnique({ where: { key: message.key }, select: { sentAt: true, createdAt: true } });
      logFor('email')[earlier?.sentAt ? 'info' : 'warn']({
        event: 'email.skipped',
        key: message.key,
        reason: earlier?.sentAt ? 'already sent' : 'an earlier attempt stopped while sending',
        since: earlier?.createdAt,
      });
      return { sent: false, reason: 'already-sent' };
    }
    throw error;
  }

  try {
    await transport().sendMail({
      from: env.MAIL_FROM,
      to: message.to,
      subject: message.subject,
      html,
      text,
      messageId,
      ...(message.inReplyTo && { inReplyTo: message.inReplyTo }),
      ...(message.references?.length && { references: message.references }),
      headers: { 'List-Unsubscribe': `<${message.listUnsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
  } catch (error) {
    if (certainlyNotDelivered(error)) await db.emailDelivery.delete({ where: { key: message.key } });
    else logFor('email').error({ event: 'email.uncertain', key: message.key, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  await db.emailDelivery.update({ where: { key: message.key }, data: { sentAt: new Date() } });
  logFor('email').info({ event: 'email.sent', key: message.key, messageId });
  return { sent: true, messageId };
}
