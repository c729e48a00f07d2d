import { useEffect, useState } from 'react';
import { QUOTE_EVENT, type QuoteEventDetail } from './comment-composer';
import { onSelectionEnd } from './quote-selection';

type Offer = QuoteEventDetail & { top: number; left: number };

/**
 * "Quote in a comment" beside a passage selected inside one paragraph of the
 * article: hands the passage (and its paragraph) to the composer. Loaded by
 * QuoteSelection at a reader's first selection, which it offers at once.
 */
export function QuoteOffer() {
  const [offer, setOffer] = useState<Offer | null>(null);

  useEffect(() => {
    const update = () => {
      const selection = window.getSelection();
      const text = selection?.toString().trim() ?? '';
      if (!selection || selection.rangeCount === 0 || text.length < 3) return setOffer(null);
      const paragraphOf = (node: Node | null) => (node instanceof Element ? node : node?.parentElement)?.closest('.article-body p[id]');
      const start = paragraphOf(selection.anchorNode);
      if (!start || start !== paragraphOf(selection.focusNode)) return setOffer(null);
      const rect = selection.getRangeAt(0).getBoundingClientRect();
      setOffer({ text: text.slice(0, 1500), paragraphId: start.id, top: rect.bottom + window.scrollY + 8, left: rect.left + window.scrollX });
    };
    // The selection that loaded this component.
    const first = setTimeout(update, 0);
    const stop = onSelectionEnd(update);
    return () => {
      clearTimeout(first);
      stop();
    };
  }, []);

  if (!offer) return null;
  return (
    <button
      type="button"
      className="quote-offer button"
      style={{ top: offer.top, left: offer.left }}
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => {
        window.dispatchEvent(new CustomEvent<QuoteEventDetail>(QUOTE_EVENT, { detail: { text: offer.text, paragraphId: offer.paragraphId } }));
        window.getSelection()?.removeAllRanges();
        setOffer(null);
      }}
    >
      Quote in a comment
    </button>
  );
}
