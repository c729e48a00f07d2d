// What an audit entry's before/after snapshots mean, in words a moderator
// reads at a glance ("Pending → Rejected (spam)", "Role: Reader → Moderator").
// Each command records its own snapshot shape (see the recordAudit calls);
// every field we know is read through a schema, and anything else (an older
// shape, a field added later, a value of the wrong type) falls back to a
// compact "Field: value → value" rather than failing the page.
import { z } from 'zod';
import { reportReasonLabel } from '@/lib/comments/report-reason-labels';
import { formatUtc } from '@/lib/format-utc';
import { AppealStatus, CommentStatus, PreModeration, ReportReason, Role, UserModerationMode, type AuditAction } from '@/lib/generated/prisma/enums';
import type { Prisma } from '@/lib/generated/prisma/client';

export type AuditChangePart =
  /** "Role: Reader → Moderator"; `label` null when the words speak for themselves ("Pending → Published"). */
  | { kind: 'change'; label: string | null; from: string; to: string }
  /** A plain statement: "Warned", "3 comments rejected", "No change". */
  | { kind: 'fact'; text: string }
  /** A word list's difference: "Banned words: added “spam”; removed “scam”". */
  | { kind: 'words'; label: string; added: string[]; removed: string[] };

export type AuditChangeInput = {
  /** An AuditAction, or a name this version does not know, described generically. */
  action: string;
  before: Prisma.JsonValue | null | undefined;
  after: Prisma.JsonValue | null | undefined;
  /** When it was recorded: whether a suspension was still running depends on it. */
  createdAt: Date;
};

type Snapshot = Record<string, Prisma.JsonValue | undefined>;

/**
 * The fields of a pair of snapshots not yet described. A describer takes a
 * field only when both sides have the shape it expects; what it leaves is
 * described generically at the end.
 */
class Fields {
  private readonly left: Set<string>;
  constructor(
    readonly before: Snapshot,
    readonly after: Snapshot,
  ) {
    this.left = new Set([...Object.keys(before), ...Object.keys(after)]);
  }

  /** Both sides of a field, each absent (undefined) or of `schema`'s shape; null when either side is something else. */
  take<T>(key: string, schema: z.ZodType<T>): { before: T | undefined; after: T | undefined } | null {
    if (!this.left.has(key)) return null;
    const read = (value: Prisma.JsonValue | undefined) => (value === undefined ? { ok: true as const, value: undefined } : toResult(schema.safeParse(value)));
    const before = read(this.before[key]);
    const after = read(this.after[key]);
    if (!before.ok || !after.ok) return null;
    this.left.delete(key);
    return { before: before.value, after: after.value };
  }

  remaining(): string[] {
    return [...this.left];
  }
}

function toResult<T>(parsed: z.ZodSafeParseResult<T>): { ok: true; value: T } | { ok: false } {
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false };
}

const changed = <T>(pair: { before: T | undefined; after: T | undefined }) => JSON.stringify(pair.before) !== JSON.stringify(pair.after);

/** "Published", or "—" for a side the snapshot does not have. */
const sideOf = <T>(value: T | undefined, words: (value: T) => string) => (value === undefined ? '—' : words(value));

type Describer = (fields: Fields, entry: AuditChangeInput) => AuditChangePart[];

// ---------------------------------------------------------------------------
// Comments: { status, featured, rejectionReason } (a ban's removals record { status } only).

const commentStatusWords: Record<CommentStatus, string> = { PENDING: 'Pending', PUBLISHED: 'Published', REJECTED: 'Rejected' };

const commentStatus: Describer = (fields) => {
  const status = fields.take('status', z.enum(CommentStatus));
  if (!status) return [];
  const reason = fields.take('rejectionReason', z.enum(ReportReason).nullable()) ?? { before: undefined, after: undefined };
  // A rejected status reads with its reason: a restore's entry has no reason of its own to show.
  const words = (value: CommentStatus | undefined, why: ReportReason | null | undefined) =>
    sideOf(value, (s) => (s === 'REJECTED' && why ? `${commentStatusWords[s]} (${reportReasonLabel[why]})` : commentStatusWords[s]));
  const from = words(status.before, reason.before);
  const to = words(status.after, reason.after);
  return from === to ? [] : [{ kind: 'change', label: null, from, to }];
};

const featured: Describer = (fields) => {
  const pair = fields.take('featured', z.boolean());
  if (!pair || !changed(pair) || pair.after === undefined) return [];
  return [{ kind: 'fact', text: pair.after ? 'Featured' : 'No longer featured' }];
};

// ---------------------------------------------------------------------------
// Articles: { closed, preModeration } (null: the article follows the site's policy).

const articleClosed: Describer = (fields) => {
  const pair = fields.take('closed', z.boolean());
  if (!pair || !changed(pair)) return [];
  const words = (closed: boolean | undefined) => sideOf(closed, (c) => (c ? 'closed' : 'open'));
  return [{ kind: 'change', label: 'Comments', from: words(pair.before), to: words(pair.after) }];
};

function preModerationWords(mode: PreModeration | null, threshold?: number): string {
  switch (mode) {
    case null:
      return 'as the site';
    case 'NONE':
      return 'none';
    case 'ALL':
      return 'all comments';
    case 'FIRST_COMMENTS':
      return threshold === undefined ? 'first comments of new commenters' : `first comments (until ${threshold} approved)`;
    case 'LINKS':
      return 'comments with links';
  }
}

const articlePreModeration: Describer = (fields) => {
  const pair = fields.take('preModeration', z.enum(PreModeration).nullable());
  if (!pair || !changed(pair)) return [];
  const words = (mode: PreModeration | null | undefined) => sideOf(mode, (m) => preModerationWords(m));
  return [{ kind: 'change', label: 'Pre-moderation', from: words(pair.before), to: words(pair.after) }];
};

// ---------------------------------------------------------------------------
// Users: { suspendedUntil, banned, statusReason, moderationMode, warning } (+ commentsRejected after a ban).

const standing: Describer = (fields, entry) => {
  const banned = fields.take('banned', z.boolean());
  const until = fields.take('suspendedUntil', z.iso.datetime({ offset: true }).nullable());
  if (!banned && !until) return [];
  // No line of its own: the reason column shows it for suspensions and bans, and a lift only clears it.
  fields.take('statusReason', z.string().nullable());
  const words = (isBanned: boolean | undefined, suspendedUntil: string | null | undefined) => {
    // A suspension that had already ended when the action was taken no longer counted.
    const running = suspendedUntil && new Date(suspendedUntil) > entry.createdAt ? `suspended until ${formatUtc(new Date(suspendedUntil))}` : null;
    if (isBanned) return running ? `Banned; ${running}` : 'Banned';
    if (running) return running.charAt(0).toUpperCase() + running.slice(1);
    return isBanned === undefined && suspendedUntil === undefined ? '—' : 'Active';
  };
  const from = words(banned?.before, until?.before);
  const to = words(banned?.after, until?.after);
  return from === to ? [] : [{ kind: 'change', label: null, from, to }];
};

const warning: Describer = (fields, entry) => {
  const pair = fields.take('warning', z.string().nullable());
  if (!pair) return [];
  // The warning's text is the entry's note, shown beside it; here only what happened.
  if (entry.action === 'USER_WARNED') {
    if (!pair.before) return [{ kind: 'fact', text: 'Warned' }];
    return [{ kind: 'fact', text: pair.before === pair.after ? 'Warned again (the same warning)' : 'Warned (replacing an earlier warning)' }];
  }
  if (!changed(pair)) return [];
  return [{ kind: 'fact', text: pair.after ? 'Warning changed' : 'Warning removed' }];
};

const moderationModeWords: Record<UserModerationMode, string> = {
  DEFAULT: 'as the site',
  PREMODERATE: 'always',
  TRUSTED: 'never (trusted)',
};

const userModerationMode: Describer = (fields) => {
  const pair = fields.take('moderationMode', z.enum(UserModerationMode));
  if (!pair || !changed(pair)) return [];
  const words = (mode: UserModerationMode | undefined) => sideOf(mode, (m) => moderationModeWords[m]);
  return [{ kind: 'change', label: 'Pre-moderation', from: words(pair.before), to: words(pair.after) }];
};

const commentsRejected: Describer = (fields) => {
  const pair = fields.take('commentsRejected', z.number().int().nonnegative());
  if (!pair?.after) return [];
  return [{ kind: 'fact', text: pair.after === 1 ? '1 comment rejected' : `${pair.after.toLocaleString('en-GB')} comments rejected` }];
};

// ---------------------------------------------------------------------------
// Roles: { role }.

const roleWords: Record<Role, string> = { READER: 'Reader', MODERATOR: 'Moderator', ADMIN: 'Admin' };

const role: Describer = (fields) => {
  const pair = fields.take('role', z.enum(Role));
  if (!pair || !changed(pair)) return [];
  const words = (value: Role | undefined) => sideOf(value, (r) => roleWords[r]);
  return [{ kind: 'change', label: 'Role', from: words(pair.before), to: words(pair.after) }];
};

// ---------------------------------------------------------------------------
// The site policy: { preModeration, firstCommentsThreshold, bannedWords, suspectWords, autoCloseDays, requireVerifiedEmail }.

const policyPreModeration: Describer = (fields) => {
  const mode = fields.take('preModeration', z.enum(PreModeration));
  if (!mode) return [];
  const threshold = fields.take('firstCommentsThreshold', z.number().int());
  const words = (value: PreModeration | undefined, count: number | undefined) => sideOf(value, (m) => preModerationWords(m, count));
  const from = words(mode.before, threshold?.before);
  const to = words(mode.after, threshold?.after);
  if (from !== to) return [{ kind: 'change', label: 'Pre-moderation', from, to }];
  // The settings form always sends the threshold, which only matters for "first comments".
  if (threshold && changed(threshold)) {
    const count = (value: number | undefined) => sideOf(value, (n) => `${n} approved`);
    return [{ kind: 'change', label: 'First comments held until', from: count(threshold.before), to: count(threshold.after) }];
  }
  return [];
};

const wordList =
  (key: string, label: string): Describer =>
  (fields) => {
    const pair = fields.take(key, z.array(z.string()));
    if (!pair) return [];
    const before = new Set(pair.before ?? []);
    const after = new Set(pair.after ?? []);
    const added = [...after].filter((word) => !before.has(word));
    const removed = [...before].filter((word) => !after.has(word));
    return added.length + removed.length === 0 ? [] : [{ kind: 'words', label, added, removed }];
  };

const autoClose: Describer = (fields) => {
  const pair = fields.take('autoCloseDays', z.number().int().nullable());
  if (!pair || !changed(pair)) return [];
  const words = (days: number | null | undefined) => sideOf(days, (d) => (d === null ? 'off' : d === 1 ? 'after 1 day' : `after ${d} days`));
  return [{ kind: 'change', label: 'Auto-close', from: words(pair.before), to: words(pair.after) }];
};

const requireVerifiedEmail: Describer = (fields) => {
  const pair = fields.take('requireVerifiedEmail', z.boolean());
  if (!pair || !changed(pair)) return [];
  // Snapshots from before the setting existed lack it: it was off then.
  const words = (required: boolean | undefined) => (required ? 'required' : 'not required');
  return [{ kind: 'change', label: 'Verified email to post', from: words(pair.before), to: words(pair.after) }];
};

// ---------------------------------------------------------------------------
// Appeals: { status }.

const appealStatusWords: Record<AppealStatus, string> = {
  OPEN: 'Open',
  UPHELD: 'Upheld (the removal stands)',
  OVERTURNED: 'Overturned (the comment is restored)',
};

const appealStatus: Describer = (fields) => {
  const pair = fields.take('status', z.enum(AppealStatus));
  if (!pair || !changed(pair)) return [];
  const words = (value: AppealStatus | undefined) => sideOf(value, (s) => appealStatusWords[s]);
  return [{ kind: 'change', label: 'Appeal', from: words(pair.before), to: words(pair.after) }];
};

// ---------------------------------------------------------------------------

const comment = [commentStatus, featured];
const user = [standing, warning, userModerationMode, commentsRejected];
const article = [articleClosed, articlePreModeration];

const describers: Record<AuditAction, Describer[]> = {
  COMMENT_APPROVED: comment,
  COMMENT_REJECTED: comment,
  COMMENT_RESTORED: comment,
  COMMENT_FEATURED: comment,
  COMMENT_UNFEATURED: comment,
  ARTICLE_CLOSED: article,
  ARTICLE_REOPENED: article,
  ARTICLE_PREMODERATION_SET: article,
  USER_WARNED: user,
  USER_SUSPENDED: user,
  USER_BANNED: user,
  USER_LIFTED: user,
  USER_MODERATION_MODE_SET: user,
  ROLE_CHANGED: [role],
  POLICY_UPDATED: [policyPreModeration, wordList('bannedWords', 'Banned words'), wordList('suspectWords', 'Suspect words'), autoClose, requireVerifiedEmail],
  APPEAL_RESOLVED: [appealStatus],
};

const isAction = (action: string): action is AuditAction => Object.hasOwn(describers, action);

const isSnapshot = (value: Prisma.JsonValue | null | undefined): value is Snapshot => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What changed, as display parts; "No change" when the snapshots agree. Never throws. */
export function describeAuditChange(entry: AuditChangeInput): AuditChangePart[] {
  const absent = (value: Prisma.JsonValue | null | undefined) => value === null || value === undefined;
  if (absent(entry.before) && absent(entry.after)) return [{ kind: 'fact', text: 'No details recorded' }];
  const before = absent(entry.before) ? {} : entry.before;
  const after = absent(entry.after) ? {} : entry.after;
  if (!isSnapshot(before) || !isSnapshot(after)) {
    return [{ kind: 'change', label: null, from: formatValue(entry.before ?? undefined), to: formatValue(entry.after ?? undefined) }];
  }
  const fields = new Fields(before, after);
  const parts = (isAction(entry.action) ? describers[entry.action] : []).flatMap((describe) => describe(fields, entry));
  for (const key of fields.remaining()) {
    const from = before[key];
    const to = after[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) parts.push({ kind: 'change', label: fieldLabel(key), from: formatValue(from), to: formatValue(to) });
  }
  return parts.length > 0 ? parts : [{ kind: 'fact', text: 'No change' }];
}

/** One part as one line of text: what the page shows, and what tests compare. */
export function auditChangeText(part: AuditChangePart): string {
  switch (part.kind) {
    case 'change':
      return `${part.label ? `${part.label}: ` : ''}${part.from} → ${part.to}`;
    case 'fact':
      return part.text;
    case 'words': {
      const quote = (words: string[]) => words.map((word) => `“${word}”`).join(', ');
      const halves = [part.added.length > 0 && `added ${quote(part.added)}`, part.removed.length > 0 && `removed ${quote(part.removed)}`].filter(Boolean);
      return `${part.label}: ${halves.join('; ')}`;
    }
  }
}

// ---------------------------------------------------------------------------
// The fallback for shapes we do not know: short, and never JSON.

const MAX_VALUE_LENGTH = 120;

/** "commentsRejected" and "comments_rejected" read "Comments rejected". */
function fieldLabel(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : '(unnamed)';
}

const shorten = (text: string) => {
  const chars = Array.from(text);
  return chars.length > MAX_VALUE_LENGTH ? `${chars.slice(0, MAX_VALUE_LENGTH - 1).join('')}…` : text;
};

function formatValue(value: Prisma.JsonValue | undefined): string {
  return shorten(plain(value));
}

function plain(value: Prisma.JsonValue | undefined): string {
  if (value === undefined) return '—';
  if (value === null) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return value.toLocaleString('en-GB');
  if (typeof value === 'string') {
    if (z.iso.datetime({ offset: true }).safeParse(value).success) return formatUtc(new Date(value));
    return value === '' ? '(empty)' : value;
  }
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(plain).join(', ');
  const entries = Object.entries(value);
  return entries.length === 0 ? 'none' : entries.map(([key, inner]) => `${fieldLabel(key)}: ${plain(inner)}`).join('; ');
}
