// Mentions are written `@[Display Name]` in a comment's Markdown: display names
// may hold spaces and punctuation and are not unique handles, so the brackets
// say exactly where a name ends (the composer inserts this form). They stay in
// the stored Markdown; the HTML shows "@Display Name" as a link to that person's
// latest comment in the thread. Only people with a published comment in the same
// thread can be mentioned: a name matching nobody there stays plain text and
// notifies nobody, so a mention cannot be used to ping strangers site-wide.

/** `@[` then a name of 1 to 50 characters without brackets or line breaks, then `]`. */
export const MENTION_PATTERN = /@\[([^\[\]\n]{1,50})\]/g;

/** A name as display names are stored (NFC, single spaces, trimmed), lower-cased to compare. */
export const mentionKey = (name: string) => name.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

/** The distinct names a comment mentions, as comparison keys (at most 20: more is not a conversation). */
export function mentionedNames(body: string): string[] {
  const names = new Set<string>();
  for (const match of body.matchAll(MENTION_PATTERN)) {
    const key = mentionKey(match[1] ?? '');
    if (key) names.add(key);
    if (names.size === 20) break;
  }
  return [...names];
}

/** How the composer writes a mention of this name. */
export const mentionMarkdown = (name: string) => `@[${name.replace(/[\[\]\n]/g, ' ').trim()}]`;
