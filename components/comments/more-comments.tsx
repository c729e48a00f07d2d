import { useEffect, useRef, useState } from 'react';
import type { ThreadItem } from '@/lib/comments/list-thread';
import { useThreadOverlay } from '@/components/viewer/page-viewer-store';
import type { ThreadViewer } from './comment-item';
import { CommentTree } from './comment-tree';
import { LoadMoreLink, type LoadMoreCommentsProps } from './load-more-comments';

/**
 * The thread's further pages, appended in place (keyset cursor): loaded by
 * LoadMoreComments at the reader's first "Load more", whose page it fetches at once.
 */
export function MoreComments({ articleId, articleSlug, sort, initialCursor, viewer: renderedViewer }: LoadMoreCommentsProps) {
  // The API answers a signed-in reader with their own permissions; a shared cached page learns who they are from /api/viewer.
  const overlay = useThreadOverlay(articleSlug);
  const viewer: ThreadViewer = overlay ? { signedIn: true, canPost: overlay.canPost } : renderedViewer;
  const [items, setItems] = useState<ThreadItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(initialCursor);
  const [status, setStatus] = useState<'idle' | 'loading' | 'failed'>('loading');
  const asked = useRef(false);

  async function load(from: string) {
    try {
      const response = await fetch(`/api/articles/${articleSlug}/comments?sort=${sort}&cursor=${encodeURIComponent(from)}`);
      if (!response.ok) throw new Error(String(response.status));
      const page = (await response.json()) as { items: ThreadItem[]; nextCursor: string | null };
      setItems((current) => [...current, ...page.items.filter((item) => !current.some((seen) => seen.comment.id === item.comment.id))]);
      setCursor(page.nextCursor);
      setStatus('idle');
    } catch {
      setStatus('failed');
    }
  }

  // The click that loaded this component asked for the first of these pages.
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    void load(initialCursor);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, for the click that mounted it
  }, []);

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
        <LoadMoreLink
          sort={sort}
          cursor={cursor}
          loading={status === 'loading'}
          onLoad={() => {
            if (status === 'loading') return;
            setStatus('loading');
            void load(cursor);
          }}
        >
          {status === 'failed' && (
            <span role="alert" className="field__error">
              {' '}
              Could not load more comments. Check your connection and try again.
            </span>
          )}
        </LoadMoreLink>
      )}
    </>
  );
}
