// A local SMTP server that accepts every message and keeps it: `npm start`'s
// mailbox on the embedded database (scripts/support/serve.ts), the end-to-end
// suite's (scripts/test.ts) and the integration tests' (test-smtp-server.ts).
// Messages are written as .eml files when given a folder, so caught mail
// outlives the process and any process can read it (/dev/mailbox, e2e/mailbox.ts).
import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export type MailCatcher = {
  port: number;
  /** The SMTP_URL that sends here. */
  url: string;
  stop: () => Promise<void>;
};

export type MailCatcherOptions = {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Folder to keep each message in as `<time>-<random>.eml`. */
  dir?: string;
  onMessage?: (raw: Buffer) => void | Promise<void>;
};

/** Caught mail is named after when it arrived, so the folder lists oldest first. */
export function emlFileName(receivedAt = new Date()): string {
  return `${receivedAt.toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
}

export async function startMailCatcher({ port = 0, host = '127.0.0.1', dir, onMessage }: MailCatcherOptions = {}): Promise<MailCatcher> {
  if (dir) await mkdir(dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // A catcher for one machine: any credentials in SMTP_URL are accepted.
    onAuth: (_auth, _session, callback) => callback(null, { user: 'catcher' }),
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const keep = async () => {
          if (dir) {
            // Written whole, then renamed: readers never see half a message.
            const file = path.join(dir, emlFileName());
            await writeFile(`${file}.tmp`, raw);
            await rename(`${file}.tmp`, file);
          }
          await onMessage?.(raw);
        };
        keep().then(
          () => callback(),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => {});
  const bound = (server.server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `smtp://${host}:${bound}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
