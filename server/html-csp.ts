// The Content-Security-Policy of one HTML page, computed from the page itself.
//
// Pages are cached whole (Next.js's cache, server/http-cache.ts, any CDN), so
// a nonce, fresh per response, cannot be used: the policy lists the sha256 of
// each script instead, and a cached page is stored with the policy computed
// from its own bytes. Only scripts Next.js and React write are listed:
//
// - inline scripts of the shapes Next.js writes (the RSC payload pushed onto
//   self.__next_f, the favicon mover), checked strictly, never "whatever
//   inline script the page happens to contain": markup injected into a page
//   (a sanitizer bypass in a comment) would otherwise be hashed and run;
// - <script src> (and script preloads) of this build's own files, allowed by
//   the integrity value in the build's manifest (Next's experimental.sri),
//   which the browser checks against the file: CSP Level 3 lets a hash-source
//   allow an external script whose integrity attribute matches it.
//
// 'strict-dynamic' then trusts the scripts those scripts load (webpack's lazy
// chunks). Anything else is left out of the policy, so the browser refuses it,
// and returned in `refused` so the server can log it at once.
import { createHash } from 'node:crypto';
import { Parser } from 'htmlparser2';

export type ContentSecurityPolicyOptions = {
  /** This build's scripts: URL path (`/_next/static/...`) to integrity value (`sha256-...`), from Next's SRI manifest. */
  buildScripts: ReadonlyMap<string, string>;
  /** Origins besides 'self' that forms may post, or be redirected, to: the configured sign-in providers. */
  formActionOrigins: readonly string[];
  /** Where browsers send violation reports: report-uri, and the Reporting-Endpoints entry report-to names. */
  reportPath: string;
};

export type RefusedScript = { kind: 'inline' | 'external'; sample: string };

export type PagePolicy = {
  /** The page, with `integrity` added to the build's scripts where Next.js wrote none (see below). */
  html: string;
  /** The Content-Security-Policy header. */
  policy: string;
  /** Scripts in the page that the policy does not allow: not Next.js's or React's. A sign of injected markup. */
  refused: RefusedScript[];
};

/** The Reporting API group the policy's report-to names. */
export const reportingGroup = 'csp';

/** The Reporting-Endpoints header that goes with every policy. */
export function reportingEndpointsFor(options: Pick<ContentSecurityPolicyOptions, 'reportPath'>): string {
  return `${reportingGroup}="${options.reportPath}"`;
}

/** A CSP hash-source of a script's text, as the browser computes it: sha256 of its UTF-8 bytes. */
export function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

// What Next.js 16 writes inline (app-page runtime): the payload bootstrap,
// optionally with the form state, then one push per RSC chunk ([1, text] or
// [3, base64]); and, when metadata streams in late, this favicon mover.
const payloadBootstrap = '(self.__next_f=self.__next_f||[]).push([0])';
const payloadPush = 'self.__next_f.push(';
const faviconMover = `document.querySelectorAll('body link[rel="icon"], body link[rel="apple-touch-icon"]').forEach(el => document.head.appendChild(el))`;

/** True when `text` is `self.__next_f.push(<JSON array starting with a number>)`: data, no code. */
function isPayloadPush(text: string): boolean {
  if (!text.startsWith(payloadPush) || !text.endsWith(')')) return false;
  try {
    const chunk: unknown = JSON.parse(text.slice(payloadPush.length, -1));
    return Array.isArray(chunk) && typeof chunk[0] === 'number';
  } catch {
    return false;
  }
}

/**
 * Whether an inline script is one Next.js writes. React's own streaming
 * scripts (`$RC(...)`, written when a Suspense boundary streams in) are not
 * recognised yet: no page streams one today, and their runtime would need to
 * be matched exactly, not by shape. A page that starts streaming them shows a
 * refused script in the server log and a violation in the browser.
 */
export function isFrameworkInlineScript(text: string): boolean {
  if (text === payloadBootstrap || text === faviconMover) return true;
  if (text.startsWith(`${payloadBootstrap};`)) return isPayloadPush(text.slice(payloadBootstrap.length + 1));
  return isPayloadPush(text);
}

// A <script> whose type is none of these is a data block (JSON-LD), which the
// browser never runs and CSP does not govern (HTML's "JavaScript MIME type essence").
const scriptTypes = new Set([
  '',
  'module',
  'importmap',
  'speculationrules',
  'application/ecmascript',
  'application/javascript',
  'application/x-ecmascript',
  'application/x-javascript',
  'text/ecmascript',
  'text/javascript',
  'text/javascript1.0',
  'text/javascript1.1',
  'text/javascript1.2',
  'text/javascript1.3',
  'text/javascript1.4',
  'text/javascript1.5',
  'text/jscript',
  'text/livescript',
  'text/x-ecmascript',
  'text/x-javascript',
]);

function runsAsScript(attributes: Record<string, string>): boolean {
  return scriptTypes.has(((attributes.type ?? '').split(';')[0] ?? '').trim().toLowerCase());
}

/** The build file a same-origin script URL names, as a manifest key (`/_next/static/...`), or null. */
function buildPath(url: string): string | null {
  if (!url.startsWith('/') || url.startsWith('//')) return null;
  try {
    return decodeURIComponent(new URL(url, 'http://self.invalid').pathname);
  } catch {
    return null;
  }
}

function isScriptPreload(name: string, attributes: Record<string, string>): boolean {
  if (name !== 'link' || attributes.href === undefined) return false;
  const rel = (attributes.rel ?? '').toLowerCase().split(/\s+/);
  return rel.includes('modulepreload') || (rel.includes('preload') && attributes.as?.toLowerCase() === 'script');
}

/**
 * The inline script text the browser hashes: the input stream turns CR LF
 * and lone CR into LF, and the script data state turns NUL into U+FFFD,
 * before the element's text exists.
 */
function asBrowserSees(raw: string): string {
  return raw.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
}

const sampleLength = 80;

/** The attributes of one start tag, decoded as the browser decodes them. */
function attributesOf(tag: string): { name: string; attributes: Record<string, string> } {
  let name = '';
  let attributes: Record<string, string> = {};
  const parser = new Parser(
    {
      onopentag(tagName, tagAttributes) {
        if (!name) ({ name, attributes } = { name: tagName, attributes: tagAttributes });
      },
    },
    { decodeEntities: true },
  );
  parser.end(tag);
  return { name, attributes };
}

// The start tags that can run or preload a script. Only they are tokenized:
// pages are written by React, which escapes "<" and ">" in text and attribute
// values and "<" inside script text, so in its output "<script" and "<link"
// only ever begin such a tag, ">" only ever ends it, and "</script" only ever
// ends a script. Markup injected past the sanitizer is found the same way and
// refused; tokenizing a whole 600 kB page with htmlparser2 cost ~35 ms of CPU
// per signed-in view, this a few.
const scriptOrPreloadTag = /<(script|link)(?=[\s/>])[^>]*>/gi;
const scriptEnd = /<\/script/gi;

/** The policy for one HTML page, and the page as it must be sent with it. */
export function contentSecurityPolicyFor(html: string, options: ContentSecurityPolicyOptions): PagePolicy {
  const scriptSources = new Set<string>();
  const refused: RefusedScript[] = [];
  // Where to add integrity="..." (string index of the start tag's closing '>').
  const insertions: { at: number; integrity: string }[] = [];

  scriptOrPreloadTag.lastIndex = 0;
  for (let match = scriptOrPreloadTag.exec(html); match; match = scriptOrPreloadTag.exec(html)) {
    const tag = match[0];
    const tagEnd = match.index + tag.length;
    const { name, attributes } = attributesOf(tag);
    const isScript = name === 'script' && runsAsScript(attributes);
    if (name === 'script') {
      // Its text runs to the first "</script" (the browser's rule too).
      scriptEnd.lastIndex = tagEnd;
      const textEnd = scriptEnd.exec(html)?.index ?? html.length;
      if (isScript && attributes.src === undefined) {
        const text = asBrowserSees(html.slice(tagEnd, textEnd));
        if (isFrameworkInlineScript(text)) scriptSources.add(hashSource(text));
        else refused.push({ kind: 'inline', sample: text.slice(0, sampleLength) });
      }
      scriptOrPreloadTag.lastIndex = textEnd;
      if (!isScript || attributes.src === undefined) continue;
    } else if (!isScriptPreload(name, attributes)) {
      continue;
    }
    const url = (isScript ? attributes.src : attributes.href) ?? '';
    const path = buildPath(url);
    const integrity = path === null ? undefined : options.buildScripts.get(path);
    if (integrity && (attributes.integrity === undefined || attributes.integrity === integrity)) {
      scriptSources.add(`'${integrity}'`);
      if (attributes.integrity === undefined) {
        // Next.js 16.4 writes the scripts of a layout's own client chunks
        // (a custom app/global-error.tsx's, on every page) without the integrity
        // its SRI manifest holds (server/app-render/get-layer-assets.js
        // passes none): without it the browser could not match the hash.
        const at = html[tagEnd - 2] === '/' ? tagEnd - 2 : tagEnd - 1;
        insertions.push({ at, integrity });
      }
    } else {
      refused.push({ kind: 'external', sample: url.slice(0, sampleLength) });
    }
  }

  let page = html;
  for (const { at, integrity } of insertions.reverse()) page = `${page.slice(0, at)} integrity="${integrity}"${page.slice(at)}`;

  const formAction = ["'self'", ...options.formActionOrigins].join(' ');
  const directives = [
    "default-src 'self'",
    // 'unsafe-inline' https: are for browsers without CSP Level 3: one with
    // hashes ignores 'unsafe-inline', one with 'strict-dynamic' ignores https:.
    // 'report-sample': reports carry the start of a refused inline script.
    ['script-src', "'strict-dynamic'", ...scriptSources, "'unsafe-inline'", 'https:', "'report-sample'"].join(' '),
    // React writes style="" attributes (avatars' colours, the quote button's
    // position): those need 'unsafe-inline'. Styles run no script; comment
    // HTML is sanitized to an allow-list without style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action ${formAction}`,
    "frame-ancestors 'none'",
    `report-uri ${options.reportPath}`,
    `report-to ${reportingGroup}`,
  ];
  return { html: page, policy: directives.join('; '), refused };
}
