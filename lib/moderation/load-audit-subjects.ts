import 'server-only';
import { DELETED_USER_NAME } from '@/lib/auth/delete-account-name';
import { commentExcerpt } from '@/lib/comments/comment-excerpt';
import { db } from '@/lib/db';

/** `deleted`: the account was deleted (its name reads "Deleted user"). */
export type AuditPerson = { id: string; name: string; deleted: boolean };
export type AuditArticle = { id: string; title: string; slug: string };
export type AuditComment = {
  id: string;
  /** Plain text, for React to escape; empty when the text was erased with its author's account. */
  excerpt: string;
  /** Deleted by its author (the row stays, as a placeholder for replies). */
  deleted: boolean;
  author: AuditPerson;
  article: AuditArticle;
};

/** What an entry acted on, with what a moderator recognises it by. `null`: the row no longer exists. */
export type AuditTarget =
  | { kind: 'user'; id: string; person: AuditPerson }
  | { kind: 'comment'; id: string; comment: AuditComment | null }
  | { kind: 'article'; id: string; article: AuditArticle | null }
  | { kind: 'appeal'; id: string; comment: AuditComment | null }
  | { kind: 'policy' }
  | { kind: 'other'; type: string; id: string };

type EntryRef = { actorId: string | null; targetType: string; targetId: string };

// targetId is free text (the policy's is "1"): only uuids go near the uuid columns, or PostgreSQL refuses the whole query.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idsOf = (entries: EntryRef[], type: string) => [...new Set(entries.filter((e) => e.targetType === type && UUID.test(e.targetId)).map((e) => e.targetId))];

/**
 * Names, titles and excerpts for a page of audit entries: one query per kind
 * (appeals, then comments, then people and articles together), whatever the
 * page's length, never one per entry.
 */
export async function loadAuditSubjects(entries: EntryRef[]) {
  const appeals = await findMany(idsOf(entries, 'appeal'), (ids) => db.appeal.findMany({ where: { id: { in: ids } }, select: { id: true, commentId: true } }));
  const commentIdOfAppeal = new Map(appeals.map((appeal) => [appeal.id, appeal.commentId]));

  const comments = await findMany([...new Set([...idsOf(entries, 'comment'), ...commentIdOfAppeal.values()])], (ids) =>
    db.comment.findMany({ where: { id: { in: ids } }, select: { id: true, body: true, deletedAt: true, authorId: true, articleId: true } }),
  );

  const personIds = new Set([
    ...entries.flatMap((entry) => (entry.actorId && UUID.test(entry.actorId) ? [entry.actorId] : [])),
    ...idsOf(entries, 'user'),
    ...comments.map((comment) => comment.authorId),
  ]);
  const articleIds = new Set([...idsOf(entries, 'article'), ...comments.map((comment) => comment.articleId)]);
  const [users, articles] = await Promise.all([
    findMany([...personIds], (ids) => db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, deletedAt: true } })),
    findMany([...articleIds], (ids) => db.article.findMany({ where: { id: { in: ids } }, select: { id: true, title: true, slug: true } })),
  ]);

  const userById = new Map(users.map((user) => [user.id, user]));
  // Deleted accounts are already renamed; an id with no row at all reads the same.
  const person = (id: string): AuditPerson => {
    const user = userById.get(id);
    const deleted = !user || user.deletedAt !== null;
    return { id, name: deleted ? DELETED_USER_NAME : user.name, deleted };
  };
  const articleById = new Map(articles.map((article) => [article.id, article]));
  const commentById = new Map(
    comments.flatMap((row): [string, AuditComment][] => {
      const article = articleById.get(row.articleId);
      // An article is never deleted while its comments remain (the comments cascade with it).
      if (!article) return [];
      return [[row.id, { id: row.id, excerpt: commentExcerpt(row.body), deleted: row.deletedAt !== null, author: person(row.authorId), article }]];
    }),
  );

  return {
    actor: (actorId: string | null): AuditPerson | null => (actorId ? person(actorId) : null),
    target: (entry: EntryRef): AuditTarget => {
      const { targetType: type, targetId: id } = entry;
      if (type === 'user') return { kind: 'user', id, person: person(id) };
      if (type === 'comment') return { kind: 'comment', id, comment: commentById.get(id) ?? null };
      if (type === 'article') return { kind: 'article', id, article: articleById.get(id) ?? null };
      if (type === 'appeal') {
        const commentId = commentIdOfAppeal.get(id);
        return { kind: 'appeal', id, comment: commentId ? (commentById.get(commentId) ?? null) : null };
      }
      if (type === 'policy') return { kind: 'policy' };
      return { kind: 'other', type, id };
    },
  };
}

/** Skips the round trip when there is nothing to look up. */
async function findMany<T>(ids: string[], query: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  return ids.length === 0 ? [] : query(ids);
}
