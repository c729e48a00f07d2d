// Renders an email's React element to HTML and plain text.
//
// Why not @react-email/render's render(): it imports react-dom/server, and
// Parley's server code runs under the "react-server" export condition (Next's
// server components, vitest, `tsx --conditions=react-server` for scripts and
// the worker), where react-dom/server is a stub that throws ("not supported in
// React Server Components") and `react` is the server-components build, which
// has no renderer internals. So this file loads React's ordinary build and
// react-dom/server by file path (bypassing the package's export conditions)
// and renders with them; elements made by the server-components build are the
// same plain objects (Symbol.for tags), and email components use no hooks.
// The HTML is then turned into text by react-email's own toPlainText.
import path from 'node:path';
import { toPlainText } from '@react-email/render';
import type { ReactElement } from 'react';

type Renderer = { renderToStaticMarkup: (element: ReactElement) => string };

let renderer: Renderer | undefined;

function loadRenderer(): Renderer {
  // Node's own require, fetched at run time: inside Next.js's server bundle
  // (the in-process worker) a `createRequire` import would be webpack's.
  const { createRequire } = process.getBuiltinModule('node:module');
  // Resolved from the project (server code runs with the project as its working folder).
  const project = createRequire(path.join(process.cwd(), 'package.json'));
  const reactDir = path.dirname(project.resolve('react/package.json'));
  const domDir = path.dirname(project.resolve('react-dom/package.json'));
  const clientReact = path.join(reactDir, 'index.js');
  const clientDom = path.join(domDir, 'index.js');
  // What react-dom's own files get for `require('react')` / `require('react-dom')` under this process's conditions.
  const fromDom = createRequire(path.join(domDir, 'cjs', 'renderer.js'));
  const cache = project.cache;
  const swaps: { resolved: string; client: string; previous: NodeJS.Module | undefined }[] = [];
  const swap = (specifier: string, client: string) => {
    project(client);
    const resolved = fromDom.resolve(specifier);
    if (resolved === client) return;
    swaps.push({ resolved, client, previous: cache[resolved] });
    cache[resolved] = cache[client];
  };
  try {
    swap('react', clientReact);
    swap('react-dom', clientDom);
    return project(path.join(domDir, 'server.node.js')) as Renderer;
  } finally {
    for (const { resolved, previous } of swaps.reverse()) {
      if (previous) cache[resolved] = previous;
      else delete cache[resolved];
    }
  }
}

const doctype = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

export function renderEmail(element: ReactElement): { html: string; text: string } {
  renderer ??= loadRenderer();
  const html = doctype + renderer.renderToStaticMarkup(element);
  return { html, text: toPlainText(html) };
}
