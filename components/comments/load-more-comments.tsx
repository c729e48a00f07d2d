'use client';

import { Suspense, useState } from 'react';
import { lazyNamed } from '@/components/ui/lazy-named';
import type { ThreadViewer } from './comment-item';

// Fetching further pages and rendering their comments in the browser (~1.5 kB
// with the comment's own code) is needed only once a reader asks for more:
// it stays out of the article page's first load (issue 12 budgets it).
const MoreComments = lazyNamed(() => import('./more-comments').then((module) => module.MoreComments));

export type LoadMoreCommentsProps = {
  articleId: string;
  articleSlug: string;
  sort: string;
  initialCursor: string;
  viewer: ThreadViewer;
};

/**
 * "Load more": appends the next page in place (MoreComments, loaded at the
 * first click). Without JavaScript it is a link to the next page.
 */
export function LoadMoreComments(props: LoadMoreCommentsProps) {
  const [asked, setAsked] = useState(false);
  const link = (loading: boolean) => (
    <p className="load-more">
      <a
        className="button button--secondary"
        href={`?sort=${props.sort}&cursor=${encodeURIComponent(props.initialCursor)}#comments`}
        onClick={(event) => {
          event.preventDefault();
          setAsked(true);
        }}
        aria-busy={loading}
      >
        {loading ? 'Loading…' : 'Load more comments'}
      </a>
    </p>
  );
  if (!asked) return link(false);
  return (
    <Suspense fallback={link(true)}>
      <MoreComments {...props} />
    </Suspense>
  );
}
