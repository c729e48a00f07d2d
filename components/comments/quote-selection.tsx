'use client';

import { Suspense, useEffect, useState } from 'react';
import { lazyNamed } from '@/components/ui/lazy-named';

const QuoteOffer = lazyNamed(() => import('./quote-offer').then((module) => module.QuoteOffer));

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
    const check = () => setTimeout(() => setSelected(inArticle()), 0);
    document.addEventListener('mouseup', check);
    document.addEventListener('keyup', check);
    document.addEventListener('touchend', check);
    return () => {
      document.removeEventListener('mouseup', check);
      document.removeEventListener('keyup', check);
      document.removeEventListener('touchend', check);
    };
  }, [selected]);
  if (!selected) return null;
  return (
    <Suspense fallback={null}>
      <QuoteOffer />
    </Suspense>
  );
}
