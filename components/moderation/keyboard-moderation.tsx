'use client';

import { useEffect, useRef, useState } from 'react';

const shortcuts: [string, string][] = [
  ['j', 'next item'],
  ['k', 'previous item'],
  ['a', 'approve (or restore) the item'],
  ['r', 'reject: choose a reason with the arrow keys, then Enter (Esc to cancel)'],
  ['f', 'feature or unfeature'],
  ['?', 'show or hide this help'],
];

/** j/k to move between queue items, a/r/f to act on the current one, ? for help. */
export function KeyboardModeration() {
  const [helpOpen, setHelpOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (helpOpen) dialog.current?.showModal();
    else dialog.current?.close();
  }, [helpOpen]);

  useEffect(() => {
    const items = () => [...document.querySelectorAll<HTMLElement>('[data-queue-item]')];
    const current = () => (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-queue-item]') ?? null;
    const move = (step: number) => {
      const list = items();
      if (list.length === 0) return;
      const index = list.indexOf(current() as HTMLElement);
      const next = list[Math.min(list.length - 1, Math.max(0, index === -1 ? 0 : index + step))];
      next?.focus();
      next?.scrollIntoView({ block: 'nearest' });
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      const target = event.target as HTMLElement;
      // Enter on the reject reason submits the reject form (a select does not submit by itself).
      if (event.key === 'Enter' && target.matches('select[data-key="r"]')) {
        event.preventDefault();
        target.closest('form')?.requestSubmit();
        return;
      }
      if (event.key === 'Escape' && target.closest('[data-queue-item]')) {
        target.closest<HTMLElement>('[data-queue-item]')?.focus();
        return;
      }
      if (target.closest('input, textarea, select, [contenteditable]')) return;
      const item = current();
      const press = (key: string) => item?.querySelector<HTMLElement>(`[data-key="${key}"]`);
      switch (event.key) {
        case 'j':
          move(1);
          break;
        case 'k':
          move(-1);
          break;
        case 'a':
          press('a')?.click();
          break;
        case 'f':
          press('f')?.click();
          break;
        case 'r':
          press('r')?.focus();
          break;
        case '?':
          setHelpOpen((open) => !open);
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <p className="shortcut-hint">
        Keyboard: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>a</kbd> approve, <kbd>r</kbd> reject, <kbd>f</kbd> feature,{' '}
        <button type="button" className="link-button" onClick={() => setHelpOpen(true)}>
          <kbd>?</kbd> all shortcuts
        </button>
      </p>
      <dialog ref={dialog} className="help-dialog" aria-labelledby="shortcuts-title" onClose={() => setHelpOpen(false)}>
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <dl className="facts">
          {shortcuts.map(([key, meaning]) => (
            <div key={key} style={{ display: 'contents' }}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{meaning}</dd>
            </div>
          ))}
        </dl>
        <button type="button" className="button" onClick={() => setHelpOpen(false)}>
          Close
        </button>
      </dialog>
    </>
  );
}
