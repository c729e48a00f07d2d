'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useEventStream } from '@/components/ui/use-event-stream';

export type ThreadLiveHeaderProps = { articleSlug: string; initialCount: number };

/** As lib/comments/comment-events.ts sends it (PublicCommentEvent). */
type StreamEvent = { kind: 'created' | 'updated' | 'removed'; commentId: string; commentCount: number; mine: boolean };

const countLabel = (count: number) => `${count.toLocaleString('en-US')} ${count === 1 ? 'comment' : 'comments'}`;

/**
 * The thread heading with its live count, and "N new comments": new comments
 * by others are announced, not inserted, so nothing moves under the reader.
 * The stream reconnects by itself after a dropped connection, and to another
 * instance when this one shuts down (useEventStream).
 */
export function ThreadLiveHeader({ articleSlug, initialCount }: ThreadLiveHeaderProps) {
  const router = useRouter();
  const [count, setCount] = useState(initialCount);
  const [fresh, setFresh] = useState(0);

  // eslint-disable-next-line react-hooks/set-state-in-effect -- a fresh server render's count replaces the live one
  useEffect(() => setCount(initialCount), [initialCount]);

  useEventStream(`/api/articles/${articleSlug}/events`, {
    comment: (data) => {
      const event = JSON.parse(data) as StreamEvent;
      setCount(event.commentCount);
      if (event.kind === 'created' && !event.mine) setFresh((n) => n + 1);
    },
    count: (data) => setCount((JSON.parse(data) as { commentCount: number }).commentCount),
  });

  return (
    <div className="thread-header">
      <h2 id="comments-heading">{countLabel(count)}</h2>
      <div aria-live="polite">
        {fresh > 0 && (
          <button
            type="button"
            className="button button--secondary new-comments"
            onClick={() => {
              setFresh(0);
              router.refresh();
            }}
          >
            Show {fresh} new {fresh === 1 ? 'comment' : 'comments'}
          </button>
        )}
      </div>
    </div>
  );
}
