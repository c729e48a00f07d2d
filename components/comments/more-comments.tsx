'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';
import type { ThreadItem } from '@/lib/comments/list-thread';
import { useThreadOverlay } from '@/components/viewer/page-viewer-store';
import type { ThreadViewer } from './comment-item';

// Comments rendered in the browser are needed only once a reader asks for
// more: their code (~5 kB) stays out of the article page's first load (issue
// 12 budgets it at 120 kB with next/link back).
const CommentTree = dynamic(() => import('./comment-tree').then((module) => module.CommentTree));

export type LoadMoreCommentsProps = {
  articleId: string;
  articleSlug: string;
  sort: string;
  initialCursor: string;
  viewer: ThreadViewer;
};

/**
 * "Load more": appends the next page (keyset cursor) in place. Without
 * JavaScript it is a link to the next page.
 */
export function LoadMoreComments({ articleId, articleSlug, sort, initialCursor, viewer: renderedViewer }: LoadMoreCommentsProps) {
  // The API answers a signed-in reader with their own permissions; a shared cached page learns who they are from /api/viewer.
  const overlay = useThreadOverlay(articleSlug);
  const viewer: ThreadViewer = overlay ? { signedIn: true, canPost: overlay.canPost } : renderedViewer;
  const [items, setItems] = useState<ThreadItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(initialCursor);
  const [status, setStatus] = useState<'idle' | 'loading' | 'failed'>('idle');

  async function loadMore(event: React.MouseEvent) {
    if (!cursor) return;
    event.preventDefault();
    setStatus('loading');
    try {
      const response = await fetch(`/api/articles/${articleSlug}/comments?sort=${sort}&cursor=${encodeURIComponent(cursor)}`);
      if (!response.ok) throw new Error(String(response.status));
      const page = (await response.json()) as { items: ThreadItem[]; nextCursor: string | null };
      setItems((current) => [...current, ...page.items.filter((item) => !current.some((seen) => seen.comment.id === item.comment.id))]);
      setCursor(page.nextCursor);
      setStatus('idle');
    } catch {
      setStatus('failed');
    }
  }

  return (
    <>
      {items.length > 0 && (
        <ol className="comment-list comment-list--more">
          {items.map((item) => (
            <CommentTree
              key={item.comment.id}
              root={item.comment}
              replies={item.replies}
              moreReplies={item.moreReplies}
              articleId={articleId}
              articleSlug={articleSlug}
              viewer={viewer}
              replyKeys={{}}
            />
          ))}
        </ol>
      )}
      {cursor && (
        <p className="load-more">
          <a
            className="button button--secondary"
            href={`?sort=${sort}&cursor=${encodeURIComponent(cursor)}#comments`}
            onClick={(event) => void loadMore(event)}
            aria-busy={status === 'loading'}
          >
            {status === 'loading' ? 'Loading…' : 'Load more comments'}
          </a>
          {status === 'failed' && (
            <span role="alert" className="field__error">
              {' '}
              Could not load more comments. Check your connection and try again.
            </span>
          )}
        </p>
      )}
    </>
  );
}
