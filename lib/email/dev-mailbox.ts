// /dev/mailbox: the mail `npm start`'s local catcher caught (.eml files in
// PARLEY_MAILBOX_DIR, see scripts/support/serve.ts), so a newcomer can open a
// verification or reset link on the first run. Only with the embedded
// database and its catcher (elsewhere the mail went to a real server and the
// page does not exist), and only for admins: it shows everyone's mail.
import 'server-only';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { authorize } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withCurrentUser } from '@/lib/auth/with-current-user';
import { env, type Env } from '@/lib/env';
import { DomainError } from '@/lib/errors';
import { parseEmail, type ReadEmail } from './parse-email';

export type CaughtMailSummary = { id: string; subject: string; to: string[]; date: Date | null };
export type CaughtMail = CaughtMailSummary & Pick<ReadEmail, 'from' | 'text' | 'html' | 'links'> & { headers: [string, string][] };

/** Newest first, at most this many. */
const LISTED = 200;
const idPattern = /^[\w-]+$/;

/** The catcher's folder when the mailbox exists (embedded database, npm start's catcher), else null. */
export function mailboxDir(settings: Pick<Env, 'PARLEY_EMBEDDED_DB' | 'PARLEY_MAILBOX_DIR'> = env): string | null {
  return settings.PARLEY_EMBEDDED_DB === '1' && settings.PARLEY_MAILBOX_DIR ? settings.PARLEY_MAILBOX_DIR : null;
}

/** NOT_FOUND when there is no mailbox (the page then does not exist); FORBIDDEN unless an admin. */
function openMailbox(actor: CurrentUser | null): string {
  const dir = mailboxDir();
  if (!dir) throw new DomainError('NOT_FOUND', 'There is no local mailbox: mail goes to the SMTP server in SMTP_URL.');
  authorize(actor, 'administer');
  return dir;
}

async function summaryOf(dir: string, id: string): Promise<CaughtMailSummary> {
  const email = await parseEmail(await readFile(path.join(dir, `${id}.eml`)));
  return { id, subject: email.subject, to: email.to, date: email.date };
}

export async function listCaughtMailAs(actor: CurrentUser | null): Promise<{ dir: string; mail: CaughtMailSummary[] }> {
  const dir = openMailbox(actor);
  const ids = (await readdir(dir).catch(() => [] as string[]))
    .filter((name) => name.endsWith('.eml'))
    .map((name) => name.slice(0, -'.eml'.length))
    .filter((id) => idPattern.test(id))
    .sort()
    .reverse()
    .slice(0, LISTED);
  return { dir, mail: await Promise.all(ids.map((id) => summaryOf(dir, id))) };
}

export async function getCaughtMailAs(actor: CurrentUser | null, id: string): Promise<CaughtMail> {
  const dir = openMailbox(actor);
  // A file name we wrote, never a path.
  if (!idPattern.test(id)) throw new DomainError('NOT_FOUND', 'No such message.');
  const raw = await readFile(path.join(dir, `${id}.eml`)).catch(() => null);
  if (!raw) throw new DomainError('NOT_FOUND', 'No such message.');
  const email = await parseEmail(raw);
  return {
    id,
    subject: email.subject,
    to: email.to,
    date: email.date,
    from: email.from,
    text: email.text,
    html: email.html,
    links: email.links,
    headers: [...email.headers],
  };
}

export const listCaughtMail = withCurrentUser(listCaughtMailAs);
export const getCaughtMail = withCurrentUser(getCaughtMailAs);
