import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';

// lib/env.ts is read once: this file's mailbox is a temporary folder, with the embedded database's flag.
const dir = await vi.hoisted(async () => {
  const fs = await import('node:fs/promises');
  const os = await import('node:os');
  const nodePath = await import('node:path');
  const folder = await fs.mkdtemp(nodePath.join(os.tmpdir(), 'parley-mailbox-test-'));
  process.env.PARLEY_MAILBOX_DIR = folder;
  process.env.PARLEY_EMBEDDED_DB = '1';
  return folder;
});

const { createActor, refusal } = await import('@/lib/comments/test-fixtures');
const { db } = await import('@/lib/db');
const { emlFileName } = await import('./mail-catcher');
const { getCaughtMailAs, listCaughtMailAs, mailboxDir } = await import('./dev-mailbox');

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await db.$disconnect();
});

const raw = (subject: string) =>
  [
    `From: Parley <noreply@localhost>`,
    `To: reader@example.test`,
    `Subject: ${subject}`,
    `Date: Tue, 01 Dec 2026 12:00:00 +0000`,
    `Content-Type: text/plain; charset=utf-8`,
    '',
    'Open http://localhost:3000/articles/x',
    '',
  ].join('\r\n');

describe('the development mailbox', () => {
  test('exists only with the embedded database and its catcher', () => {
    expect(mailboxDir({ PARLEY_EMBEDDED_DB: '1', PARLEY_MAILBOX_DIR: '/tmp/mail' })).toBe('/tmp/mail');
    expect(mailboxDir({ PARLEY_EMBEDDED_DB: '0', PARLEY_MAILBOX_DIR: '/tmp/mail' })).toBeNull();
    expect(mailboxDir({ PARLEY_EMBEDDED_DB: '1', PARLEY_MAILBOX_DIR: undefined })).toBeNull();
  });

  test('admins read the caught mail, newest first; others are refused; only files the catcher wrote can be opened', async () => {
    const older = emlFileName(new Date('2026-12-01T10:00:00Z'));
    const newer = emlFileName(new Date('2026-12-01T11:00:00Z'));
    await writeFile(path.join(dir, older), raw('Older'));
    await writeFile(path.join(dir, newer), raw('Newer'));
    const admin = await createActor({ role: 'ADMIN' });

    const { mail } = await listCaughtMailAs(admin);
    expect(mail.map((message) => message.subject)).toEqual(['Newer', 'Older']);
    const message = await getCaughtMailAs(admin, newer.replace(/\.eml$/, ''));
    expect(message).toMatchObject({ subject: 'Newer', to: ['reader@example.test'], links: ['http://localhost:3000/articles/x'] });

    for (const other of [null, await createActor(), await createActor({ role: 'MODERATOR' })]) await refusal(listCaughtMailAs(other));
    await refusal(getCaughtMailAs(admin, '../postgres/demo-accounts'), 'NOT_FOUND');
    await refusal(getCaughtMailAs(admin, 'missing'), 'NOT_FOUND');
  });
});
