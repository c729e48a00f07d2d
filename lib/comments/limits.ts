// The numbers and choices the comment forms show. Kept apart from schema.ts
// so that client components importing them do not pull zod into the browser.
export const COMMENT_MAX = 5000;
export const COMMENT_TOO_LONG = `Comments are at most ${COMMENT_MAX.toLocaleString('en-US')} characters.`;

/**
 * A comment's length as the limit counts it: characters (code points, so an
 * emoji is one) of the text as stored, NFC-normalised and trimmed. The
 * composer's counter and the server's check both use this, so the browser
 * stops exactly what the server would refuse.
 */
export function commentLength(body: string): number {
  let count = 0;
  for (const _ of body.normalize('NFC').replace(/\r\n?/g, '\n').trim()) count++;
  return count;
}
export const EDIT_WINDOW_MINUTES = 15;
export const threadSorts = ['best', 'newest', 'oldest', 'featured'] as const;
export const reportReasons = ['SPAM', 'HARASSMENT', 'HATE', 'MISINFORMATION', 'OFF_TOPIC', 'OTHER'] as const;

export type ThreadSort = (typeof threadSorts)[number];
export type ReportReason = (typeof reportReasons)[number];
