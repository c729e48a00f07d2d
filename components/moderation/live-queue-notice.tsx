'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

/** Tells the moderator when comments arrive or change anywhere, without moving the queue under them. */
export function LiveQueueNotice() {
  const router = useRouter();
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    const source = new EventSource('/api/moderation/events');
    source.addEventListener('comment', () => setChanges((n) => n + 1));
    return () => source.close();
  }, []);
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
