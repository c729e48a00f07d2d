import { randomUUID } from 'node:crypto';
import { createElement } from 'react';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { EmailLayout } from '@/components/emails/email-layout';
import { freePort, startTestSmtpServer, type TestSmtpServer } from './test-smtp-server';

// SMTP_URL is read once (lib/env.ts): point it at a port of our own before anything imports it.
const smtpPort = await vi.hoisted(() => import('./test-smtp-server').then((smtp) => smtp.pointSmtpUrlAtFreePort()));

const { db } = await import('@/lib/db');
const { sendEmail } = await import('./send-email');

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startTestSmtpServer(smtpPort);
});
afterAll(async () => {
  await smtp.stop();
  await db.$disconnect();
});

// eslint-disable-next-line react/no-children-prop -- no JSX in a .ts test; TypeScript checks a required children prop only when it is passed as one
const body = (words: string) => createElement(EmailLayout, { preview: 'A preview', heading: 'A heading', children: createElement('p', null, words) });
const recipient = () => `reader-${randomUUID()}@example.test`;
const listUnsubscribeUrl = 'http://localhost:3000/unsubscribe?token=abc';

describe('sending an email', () => {
  test('both parts come from one React element; headers for threading and one-click unsubscribe are set', async () => {
    const to = recipient();
    await sendEmail({
      key: `test:${randomUUID()}`,
      to,
      subject: 'Hello <there>',
      body: body('Body words & <b>not bold</b>'),
      listUnsubscribeUrl,
      messageId: '<one@parley.test>',
      inReplyTo: '<root@parley.test>',
      references: ['<root@parley.test>'],
    });
    const email = await smtp.waitFor((e) => e.to.includes(to));
    expect(email.subject).toBe('Hello <there>');
    expect(email.text).toContain('Body words & <b>not bold</b>');
    expect(email.html).toContain('Body words &amp; &lt;b&gt;not bold&lt;/b&gt;');
    expect(email.headers.get('list-unsubscribe')).toBe('<http://localhost:3000/unsubscribe?token=abc>');
    expect(email.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(email.headers.get('message-id')).toBe('<one@parley.test>');
    expect(email.headers.get('in-reply-to')).toBe('<root@parley.test>');
    expect(email.headers.get('references')).toBe('<root@parley.test>');
    expect(email.links).toContain('http://localhost:3000/');
  });

  test('a key is sent once: the second send of the same key sends nothing', async () => {
    const to = recipient();
    const key = `test:${randomUUID()}`;
    expect(await sendEmail({ key, to, subject: 'Once', body: body('once'), listUnsubscribeUrl })).toMatchObject({ sent: true });
    expect(await sendEmail({ key, to, subject: 'Once', body: body('once'), listUnsubscribeUrl })).toEqual({ sent: false, reason: 'already-sent' });
    await smtp.waitFor((e) => e.to.includes(to));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.received.filter((e) => e.to.includes(to))).toHaveLength(1);
    expect((await db.emailDelivery.findUniqueOrThrow({ where: { key } })).sentAt).toBeInstanceOf(Date);
  });

  test('an email whose delivery row exists (a worker died after sending) is not sent again', async () => {
    const to = recipient();
    const key = `test:${randomUUID()}`;
    await db.emailDelivery.create({ data: { key, recipient: to, subject: 'Sent before the crash', messageId: '<crash@parley.test>' } });
    expect(await sendEmail({ key, to, subject: 'Sent before the crash', body: body('again?'), listUnsubscribeUrl })).toEqual({ sent: false, reason: 'already-sent' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.received.filter((e) => e.to.includes(to))).toEqual([]);
  });

  test('with SMTP down the send fails and leaves no delivery row, so a retry sends it once it is back', async () => {
    const to = recipient();
    const key = `test:${randomUUID()}`;
    await smtp.stop();
    try {
      await expect(sendEmail({ key, to, subject: 'Later', body: body('later'), listUnsubscribeUrl })).rejects.toThrow();
      expect(await db.emailDelivery.findUnique({ where: { key } })).toBeNull();
    } finally {
      smtp = await startTestSmtpServer(smtpPort);
    }
    expect(await sendEmail({ key, to, subject: 'Later', body: body('later'), listUnsubscribeUrl })).toMatchObject({ sent: true });
    await smtp.waitFor((e) => e.to.includes(to));
  });
});

test('freePort finds a port that can be listened on', async () => {
  expect(await freePort()).toBeGreaterThan(0);
});
