// The numbers and choices the comment forms show. Kept apart from schema.ts
// so that client components importing them do not pull zod into the browser.
export const COMMENT_MAX = 5000;
export const EDIT_WINDOW_MINUTES = 15;
export const threadSorts = ['best', 'newest', 'oldest', 'featured'] as const;
export const reportReasons = ['SPAM', 'HARASSMENT', 'HATE', 'MISINFORMATION', 'OFF_TOPIC', 'OTHER'] as const;

export type ThreadSort = (typeof threadSorts)[number];
export type ReportReason = (typeof reportReasons)[number];
