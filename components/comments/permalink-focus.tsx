'use client';

import { useEffect } from 'react';

const commentHash = /^#comment-([0-9a-f-]{36})$/;

/**
 * Permalinks (#comment-<id>): scroll to the comment and highlight it. When it
 * is not on the first page, reload with ?comment=<id>, which renders its
 * thread in place.
 */
export function PermalinkFocus() {
  useEffect(() => {
    const focus = () => {
      const match = commentHash.exec(window.location.hash);
      if (!match) return;
      const target = document.getElementById(`comment-${match[1]}`);
      if (target) {
        document.querySelectorAll('.comment--highlight').forEach((el) => el.classList.remove('comment--highlight'));
        target.classList.add('comment--highlight');
        target.scrollIntoView({ block: 'center' });
        return;
      }
      const url = new URL(window.location.href);
      if (url.searchParams.get('comment') === match[1]) return;
      window.location.replace(`${url.pathname}?comment=${match[1]}${window.location.hash}`);
    };
    focus();
    window.addEventListener('hashchange', focus);
    return () => window.removeEventListener('hashchange', focus);
  }, []);
  return null;
}
