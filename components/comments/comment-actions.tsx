'use client';

import { Suspense, useState } from 'react';
import { lazyNamed } from '@/components/ui/lazy-named';
import { useThreadOverlay } from '@/components/viewer/page-viewer-store';
import type { CommentActionsComment } from './comment-actions-comment';

// Only signed-in readers act on comments: anonymous readers of an article do
// not download these actions (issue 12 budgets the article page's JavaScript).
// One file with the follow form (SharedThreadViewer): both come as soon as a
// signed-in reader is known.
const SignedInCommentActions = lazyNamed(() =>
  import(/* webpackChunkName: "signed-in-thread" */ './signed-in-comment-actions').then((module) => module.SignedInCommentActions),
);

export type CommentActionsProps = {
  comment: CommentActionsComment;
  articleId: string;
  articleSlug: string;
  signedIn: boolean;
  canPost: boolean;
  replyKey: string;
};

/** A link to the comment, copied to the clipboard where the browser can. */
export function ShareButton({ comment, articleSlug }: { comment: CommentActionsComment; articleSlug: string }) {
  const [copied, setCopied] = useState(false);
  const href = `/articles/${articleSlug}#comment-${comment.id}`;
  async function copyLink(event: React.MouseEvent) {
    if (!navigator.clipboard) return;
    event.preventDefault();
    await navigator.clipboard.writeText(new URL(href, window.location.href).toString()).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 2500);
  }
  return (
    <a href={href} className="chip" onClick={(event) => void copyLink(event)}>
      {copied ? 'Link copied' : 'Share'}
      <span className="visually-hidden"> a link to this comment by {comment.authorName}</span>
    </a>
  );
}

/** A published comment's Insightful count, for a reader who cannot (or cannot yet) press the button. */
export function InsightfulCount({ count, always = false }: { count: number; always?: boolean }) {
  if (count === 0 && !always) return null;
  return <span className="chip chip--static">Insightful{count > 0 ? ` · ${count}` : ''}</span>;
}

/** What anyone may do with a published comment: see its Insightful count, and share it. */
function ReaderActions({ comment, articleSlug }: Pick<CommentActionsProps, 'comment' | 'articleSlug'>) {
  if (comment.deleted || comment.status !== 'PUBLISHED') return null;
  return (
    <div className="comment__actions">
      <InsightfulCount count={comment.insightfulCount} />
      <ShareButton comment={comment} articleSlug={articleSlug} />
    </div>
  );
}

/**
 * A comment's actions. A signed-in reader's (SignedInCommentActions: Reply,
 * Insightful, Report, Edit, Delete) come with their code: on a page rendered
 * for them, in its HTML (the server's render waits for them); on a shared
 * cached page, once /api/viewer has said who reads, meanwhile showing what
 * everyone sees.
 */
export function CommentActions(props: CommentActionsProps) {
  // On a shared cached page the reader's part arrives from /api/viewer after hydration.
  const overlay = useThreadOverlay(props.articleSlug);
  if (props.signedIn) return <SignedInCommentActions {...props} overlay={overlay} />;
  if (!overlay) return <ReaderActions comment={props.comment} articleSlug={props.articleSlug} />;
  return (
    <Suspense fallback={<ReaderActions comment={props.comment} articleSlug={props.articleSlug} />}>
      <SignedInCommentActions {...props} overlay={overlay} />
    </Suspense>
  );
}
