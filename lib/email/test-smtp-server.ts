// For integration tests: a real SMTP server (smtp-server) on the port that
// SMTP_URL names, keeping what it received. Tests choose SMTP_URL before
// lib/env.ts is imported (`useTestSmtpUrl` in vi.hoisted), start the server,
// and can stop it and start it again to play "SMTP is down".
import { createServer } from 'node:net';
import { startMailCatcher, type MailCatcher } from './mail-catcher';
import { parseEmail, type ReadEmail } from './parse-email';

export type TestSmtpServer = {
  url: string;
  /** Every message received so far, parsed, oldest first. */
  received: ReadEmail[];
  /** Resolves with the first message (received or arriving) that matches, or rejects after `timeoutMs`. */
  waitFor: (match: (email: ReadEmail) => boolean, timeoutMs?: number) => Promise<ReadEmail>;
  stop: () => Promise<void>;
};

/** A port nobody listens on right now, for SMTP_URL before the server exists. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * SMTP_URL is read once (lib/env.ts): a test file calls this in `vi.hoisted`,
 * before anything imports it, and later starts its server on the port returned.
 */
export async function pointSmtpUrlAtFreePort(): Promise<number> {
  const port = await freePort();
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  return port;
}

export async function startTestSmtpServer(port: number): Promise<TestSmtpServer> {
  const received: ReadEmail[] = [];
  const waiters = new Set<() => void>();
  let catcher: MailCatcher | undefined = await startMailCatcher({
    port,
    onMessage: async (raw) => {
      received.push(await parseEmail(raw));
      for (const wake of waiters) wake();
    },
  });
  return {
    url: catcher.url,
    received,
    waitFor(match, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `No matching email within ${timeoutMs} ms; received: ${received.map((email) => `"${email.subject}" to ${email.to.join(', ')}`).join('; ') || 'nothing'}.`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async stop() {
      await catcher?.stop();
      catcher = undefined;
    },
  };
}
