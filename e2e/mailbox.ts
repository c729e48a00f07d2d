// The mail the e2e app sent, read from the suite's own mail catcher: scripts/test.ts
// starts it (lib/email/mail-catcher.ts), points the app's SMTP_URL at it and
// tells Playwright its folder in PARLEY_E2E_MAILBOX_DIR; every message is a .eml file there.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseEmail, type ReadEmail } from '../lib/email/parse-email';

export type CaughtEmail = Pick<ReadEmail, 'subject' | 'text' | 'html' | 'headers' | 'links'> & { to: string[]; date: Date | null };

function mailboxDir(): string {
  const dir = process.env.PARLEY_E2E_MAILBOX_DIR;
  if (!dir) throw new Error('PARLEY_E2E_MAILBOX_DIR is not set: run the end-to-end tests with `npm run test:e2e`, which starts their mail catcher.');
  return dir;
}

/** Every caught email so far, oldest first. */
export async function caughtEmails(): Promise<CaughtEmail[]> {
  const dir = mailboxDir();
  const files = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.eml')).sort();
  return Promise.all(files.map(async (name) => parseEmail(await readFile(path.join(dir, name)))));
}

/**
 * Waits (polling the catcher's folder) for an email to `to`, optionally with
 * a subject matching `subject` and sent at or after `after`.
 */
export async function waitForEmail({
  to,
  subject,
  after,
  timeoutMs = 20_000,
}: {
  to: string;
  subject?: RegExp;
  after?: Date;
  timeoutMs?: number;
}): Promise<CaughtEmail> {
  const deadline = Date.now() + timeoutMs;
  const wanted = to.toLowerCase();
  // Date headers have whole seconds.
  const since = after ? after.getTime() - 1000 : -Infinity;
  for (;;) {
    const emails = await caughtEmails();
    const found = emails.find(
      (email) =>
        email.to.some((address) => address.toLowerCase() === wanted) && (!subject || subject.test(email.subject)) && (email.date?.getTime() ?? Infinity) >= since,
    );
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(
        `No email to ${to}${subject ? ` with a subject matching ${subject}` : ''} within ${timeoutMs} ms. Caught: ${emails.map((email) => `"${email.subject}" to ${email.to.join(', ')}`).join('; ') || 'nothing'}.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
