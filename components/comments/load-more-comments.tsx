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

/** The "Load more comments" link: the next page without JavaScript; with it, `onLoad` fetches it in place. */
export function LoadMoreLink({
  sort,
  cursor,
  loading,
  onLoad,
  children,
}: {
  sort: string;
  cursor: string;
  loading: boolean;
  onLoad: () => void;
  children?: React.ReactNode;
}) {
  return (
    <p className="load-more">
      <a
        className="button button--secondary"
        href={`?sort=${sort}&cursor=${encodeURIComponent(cursor)}#comments`}
        onClick={(event) => {
          event.preventDefault();
          onLoad();
        }}
        aria-busy={loading}
      >
        {loading ? 'Loading…' : 'Load more comments'}
      </a>
      {children}
    </p>
  );
}

/**
 * "Load more": appends the next page in place (MoreComments, loaded at the
 * first click). Without JavaScript it is a link to the next page.
 */
export function LoadMoreComments(props: LoadMoreCommentsProps) {
  const [asked, setAsked] = useState(false);
  const link = (loading: boolean) => <LoadMoreLink sort={props.sort} cursor={props.initialCursor} loading={loading} onLoad={() => setAsked(true)} />;
  if (!asked) return link(false);
  return (
    <Suspense fallback={link(true)}>
      <MoreComments {...props} />
    </Suspense>
  );
}
