// Reads a caught message (raw RFC 5322 bytes) into what tests and the dev
// mailbox look at: subject, parts, headers and the links a reader can click.
import { Parser } from 'htmlparser2';
import { simpleParser } from 'mailparser';

export type ReadEmail = {
  subject: string;
  from: string;
  to: string[];
  date: Date | null;
  text: string;
  html: string;
  /** Lower-cased header names; values as written (structured ones as their raw line). */
  headers: Map<string, string>;
  /** Every href of the HTML part, then the URLs of the text part not already listed. */
  links: string[];
};

function hrefsOf(html: string): string[] {
  const links: string[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === 'a' && attributes.href) links.push(attributes.href);
    },
  });
  parser.write(html);
  parser.end();
  return links;
}

export async function parseEmail(raw: Buffer | string): Promise<ReadEmail> {
  const mail = await simpleParser(raw, { skipImageLinks: true });
  const headers = new Map<string, string>();
  for (const line of mail.headerLines) headers.set(line.key.toLowerCase(), line.line.slice(line.line.indexOf(':') + 1).trim());
  const html = typeof mail.html === 'string' ? mail.html : '';
  const text = mail.text ?? '';
  const textUrls = text.match(/https?:\/\/[^\s<>()\]]+/g) ?? [];
  const links = [...new Set([...hrefsOf(html), ...textUrls])];
  const addresses = (value: typeof mail.to) =>
    value ? (Array.isArray(value) ? value : [value]).flatMap((group) => group.value.map((address) => address.address ?? '')) : [];
  return {
    subject: mail.subject ?? '',
    from: mail.from?.text ?? '',
    to: addresses(mail.to),
    date: mail.date ?? null,
    text,
    html,
    headers,
    links,
  };
}
