import { type ComponentType, lazy } from 'react';

/**
 * React.lazy for a module's named export, rendered inside a <Suspense>.
 * Not next/dynamic: its loader (with the server's request storage it pulls
 * in) adds about 1 kB (Brotli) to every page that uses it, and issue 12
 * budgets the article page's JavaScript. The server still renders what it is
 * given to render; the browser loads the code only when it renders it.
 */
export function lazyNamed<Props>(load: () => Promise<ComponentType<Props>>) {
  return lazy(async () => ({ default: await load() }));
}
