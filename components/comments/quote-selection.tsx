'use client';

import { Suspense, useEffect, useState } from 'react';
import { lazyNamed } from '@/components/ui/lazy-named';

const QuoteOffer = lazyNamed(() => import('./quote-offer').then((module) => module.QuoteOffer));

/** Calls `listener` after each event that may end a selection (the selection is read once it settled); returns the unsubscribe. */
export function onSelectionEnd(listener: () => void): () => void {
  const later = () => setTimeout(listener, 0);
  const events = ['mouseup', 'keyup', 'touchend'] as const;
  for (const name of events) document.addEventListener(name, later);
  return () => {
    for (const name of events) document.removeEventListener(name, later);
  };
}

/**
 * Selecting text inside one paragraph of the article offers "Quote in a
 * comment" (QuoteOffer). Its code comes with the reader's first selection in
 * the article: most readers never select anything.
 */
export function QuoteSelection() {
  const [selected, setSelected] = useState(false);
  useEffect(() => {
    if (selected) return;
    const inArticle = () => {
      const node = window.getSelection()?.anchorNode;
      return (node instanceof Element ? node : node?.parentElement)?.closest('.article-body') != null;
    };
    return onSelectionEnd(() => setSelected(inArticle()));
  }, [selected]);
  if (!selected) return null;
  return (
    <Suspense fallback={null}>
      <QuoteOffer />
    </Suspense>
  );
}
