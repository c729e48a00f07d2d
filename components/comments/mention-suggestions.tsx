'use client';

import { type RefObject, useCallback, useEffect, useId, useMemo, useState } from 'react';
import { DELETED_USER_NAME } from '@/lib/auth/delete-account-name';
import { mentionMarkdown } from '@/lib/notifications/mentions';

export type MentionSuggestionsProps = {
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  body: string;
  onBodyChange: (body: string) => void;
};

const MAX_SUGGESTIONS = 6;

/** The `@…` being typed just before the caret: at the start or after a space, not yet closed with `]`. */
function mentionAtCaret(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|[\s(])@(\[?[^\s@\[\]][^@\[\]\n]{0,49}|\[?)$/.exec(before);
  if (!match) return null;
  const query = (match[2] ?? '').replace(/^\[/, '');
  // A bare "@word" stops at a space; "@[" lets a name with spaces be typed.
  if (!(match[2] ?? '').startsWith('[') && /\s/.test(query)) return null;
  return { start: before.length - (match[2] ?? '').length - 1, query };
}

/** Names of the people whose comments are on the page (the thread already loaded), each once. */
function namesInThread(): string[] {
  const names = new Set<string>();
  for (const element of document.querySelectorAll('#comments .comment__author')) {
    const name = element.textContent?.trim();
    if (name && name !== DELETED_USER_NAME) names.add(name);
  }
  return [...names];
}

/**
 * Typing `@` in the composer suggests the names of people in the thread, and
 * picking one writes the mention as `@[Display Name]` (lib/notifications/mentions.ts).
 * Keyboard first: arrows move, Enter or Tab picks, Escape closes; the
 * textarea's aria-activedescendant names the active option. Loaded only for signed-in readers (the composer loads
 * it lazily), so anonymous readers' first-load JavaScript does not grow.
 */
export function MentionSuggestions({ textareaRef, body, onBodyChange }: MentionSuggestionsProps) {
  const listId = useId();
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);

  const query = mention?.query.toLowerCase() ?? '';
  const suggestions = useMemo(
    () =>
      mention && dismissedAt !== mention.start
        ? namesInThread()
            .filter((name) => name.toLowerCase().includes(query))
            .sort((a, b) => Number(!a.toLowerCase().startsWith(query)) - Number(!b.toLowerCase().startsWith(query)))
            .slice(0, MAX_SUGGESTIONS)
        : [],
    [mention, dismissedAt, query],
  );
  // A new mention, or more of it typed, starts again at the first suggestion
  // (adjusted while rendering, as React recommends, rather than in an effect).
  const mentionKey = `${mention?.start ?? ''}:${query}`;
  const [activeFor, setActiveFor] = useState(mentionKey);
  if (activeFor !== mentionKey) {
    setActiveFor(mentionKey);
    setActive(0);
  }
  const open = suggestions.length > 0;
  const activeIndex = Math.min(active, Math.max(0, suggestions.length - 1));

  const pick = useCallback(
    (name: string) => {
      const textarea = textareaRef.current;
      if (!textarea || !mention) return;
      const caret = textarea.selectionStart;
      const inserted = `${mentionMarkdown(name)} `;
      const next = body.slice(0, mention.start) + inserted + body.slice(caret);
      onBodyChange(next);
      setMention(null);
      const position = mention.start + inserted.length;
      requestAnimationFrame(() => {
        textarea.focus();
        textarea.setSelectionRange(position, position);
      });
    },
    [body, mention, onBodyChange, textareaRef],
  );

  // Follow the caret: after typing, clicking or moving in the box.
  useEffect(() => {
    const textarea = textareaRef.current;
    if (!textarea) return;
    const update = () => setMention(mentionAtCaret(textarea.value, textarea.selectionStart));
    const close = () => setMention(null);
    textarea.addEventListener('input', update);
    textarea.addEventListener('click', update);
    textarea.addEventListener('keyup', update);
    textarea.addEventListener('blur', close);
    // This component loads after the composer: an "@" typed before it arrived is picked up now.
    if (document.activeElement === textarea) update();
    return () => {
      textarea.removeEventListener('input', update);
      textarea.removeEventListener('click', update);
      textarea.removeEventListener('keyup', update);
      textarea.removeEventListener('blur', close);
    };
  }, [textareaRef]);

  // The textarea keeps its textbox role (ARIA in HTML allows no other on a textarea) and
  // points at the list and its active option, which screen readers announce.
  useEffect(() => {
    const textarea = textareaRef.current;
    if (!textarea) return;
    textarea.setAttribute('aria-autocomplete', 'list');
    textarea.setAttribute('aria-controls', listId);
    if (open) textarea.setAttribute('aria-activedescendant', `${listId}-${activeIndex}`);
    else textarea.removeAttribute('aria-activedescendant');
  }, [textareaRef, listId, open, activeIndex]);

  useEffect(() => {
    const textarea = textareaRef.current;
    if (!textarea || !open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((current) => (Math.min(current, suggestions.length - 1) + step + suggestions.length) % suggestions.length);
      } else if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        const name = suggestions[activeIndex];
        if (name) pick(name);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        setDismissedAt(mention?.start ?? null);
      }
    };
    textarea.addEventListener('keydown', onKeyDown);
    return () => textarea.removeEventListener('keydown', onKeyDown);
  }, [textareaRef, open, suggestions, activeIndex, pick, mention?.start]);

  return (
    <ul id={listId} role="listbox" aria-label="People in this thread" className="mention-suggestions" hidden={!open}>
      {suggestions.map((name, index) => (
        <li
          key={name}
          id={`${listId}-${index}`}
          role="option"
          aria-selected={index === activeIndex}
          className={index === activeIndex ? 'mention-suggestions__option mention-suggestions__option--active' : 'mention-suggestions__option'}
          // mousedown, not click: picking must not blur the textarea first.
          onMouseDown={(event) => {
            event.preventDefault();
            pick(name);
          }}
        >
          {name}
        </li>
      ))}
    </ul>
  );
}
