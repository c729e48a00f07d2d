'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useEventStream } from '@/components/ui/use-event-stream';

/** Tells the moderator when comments arrive or change anywhere, without moving the queue under them. */
export function LiveQueueNotice() {
  const router = useRouter();
  const [changes, setChanges] = useState(0);
  useEventStream('/api/moderation/events', { comment: () => setChanges((n) => n + 1) });
  return (
    <div aria-live="polite">
      {changes > 0 && (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            setChanges(0);
            router.refresh();
          }}
        >
          {changes} new {changes === 1 ? 'change' : 'changes'}: refresh the queue
        </button>
      )}
    </div>
  );
}
