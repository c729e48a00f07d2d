// The policy of a page from its own bytes: which scripts it allows, and what else it says.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicyFor, type ContentSecurityPolicyOptions, hashSource, isFrameworkInlineScript, reportingEndpointsFor } from './html-csp';

const sha256 = (text: string) => `sha256-${createHash('sha256').update(text).digest('base64')}`;

const mainApp = '/_next/static/chunks/main-app-3b9c2f88446a0590.js';
const articlePage = '/_next/static/chunks/app/articles/[slug]/page-0e4403807a92de09.js';
const globalError = '/_next/static/chunks/app/global-error-16850bb4af4b302d.js';
const options: ContentSecurityPolicyOptions = {
  buildScripts: new Map([
    [mainApp, sha256('main app')],
    [articlePage, sha256('article page')],
    [globalError, sha256('global error')],
  ]),
  formActionOrigins: [],
  reportPath: '/api/csp-report',
};

const bootstrap = '(self.__next_f=self.__next_f||[]).push([0])';
const payload = `self.__next_f.push(${JSON.stringify([1, '1:"$Sreact.fragment"\n2:I[7121,[],""]\n'])})`;
const page = (head: string, body = '') => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/>${head}</head><body>${body}</body></html>`;

/** The directives of a policy, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((directive) => {
      const [name = '', ...values] = directive.trim().split(/\s+/);
      return [name, values];
    }),
  );
}
const scriptSrc = (policy: string) => directives(policy).get('script-src') ?? [];

describe('contentSecurityPolicyFor', () => {
  it("lists the sha256 of each of Next.js's inline scripts, of their exact text", () => {
    const { policy, refused } = contentSecurityPolicyFor(page('', `<script>${bootstrap}</script><script>${payload}</script>`), options);
    expect(scriptSrc(policy)).toEqual(["'strict-dynamic'", hashSource(bootstrap), hashSource(payload), "'unsafe-inline'", 'https:', "'report-sample'"]);
    expect(hashSource(bootstrap)).toBe(`'${sha256(bootstrap)}'`);
    expect(refused).toEqual([]);
  });

  it('hashes script text as the browser sees it: raw (no entity decoding), CR LF as LF, across the whole text', () => {
    const raw = `self.__next_f.push([1,"a &amp; b — é\\u003c/p>"])`;
    const withCrLf = `self.__next_f.push([1,\r\n"x"])`;
    const { policy } = contentSecurityPolicyFor(page(`<script>${raw}</script><script>${withCrLf}</script>`), options);
    expect(scriptSrc(policy)).toContain(hashSource(raw));
    expect(scriptSrc(policy)).toContain(hashSource('self.__next_f.push([1,\n"x"])'));
  });

  it("lists the integrity of the build's external scripts and script preloads, not their URLs", () => {
    const html = page(
      `<link rel="preload" as="script" fetchPriority="low" href="${mainApp}" integrity="${sha256('main app')}"/>`,
      `<script src="${mainApp}" async="" integrity="${sha256('main app')}"></script>` +
        `<script src="/_next/static/chunks/app/articles/%5Bslug%5D/page-0e4403807a92de09.js" async="" integrity="${sha256('article page')}"></script>`,
    );
    const { policy, refused, html: sent } = contentSecurityPolicyFor(html, options);
    expect(scriptSrc(policy)).toEqual(["'strict-dynamic'", `'${sha256('main app')}'`, `'${sha256('article page')}'`, "'unsafe-inline'", 'https:', "'report-sample'"]);
    expect(policy).not.toContain('/_next/');
    expect(refused).toEqual([]);
    expect(sent).toBe(html);
  });

  it("adds the manifest's integrity to a build script Next.js wrote without one (global-error's chunk)", () => {
    const html = page('', `<script src="${globalError}" async=""></script><p>after</p>`);
    const { html: sent, policy, refused } = contentSecurityPolicyFor(html, options);
    expect(sent).toBe(page('', `<script src="${globalError}" async="" integrity="${sha256('global error')}"></script><p>after</p>`));
    expect(scriptSrc(policy)).toContain(`'${sha256('global error')}'`);
    expect(refused).toEqual([]);
  });

  it('leaves out, and reports, inline scripts Next.js does not write: injected markup stays blocked', () => {
    const injected = [
      'alert(document.cookie)',
      `${bootstrap};alert(1)`,
      'self.__next_f.push([1,"x"]);alert(1)',
      'self.__next_f.push(alert(1))',
      'self.__next_f.push({"0":1})',
    ];
    const html = page('', `<script>${bootstrap}</script><div class="comment__body">${injected.map((text) => `<script>${text}</script>`).join('')}</div>`);
    const { policy, refused } = contentSecurityPolicyFor(html, options);
    expect(scriptSrc(policy)).toEqual(["'strict-dynamic'", hashSource(bootstrap), "'unsafe-inline'", 'https:', "'report-sample'"]);
    expect(refused).toEqual(injected.map((text) => ({ kind: 'inline', sample: text })));
  });

  it("leaves out, and reports, external scripts that are not this build's file with its own integrity", () => {
    const html = page(
      '',
      `<script src="https://evil.example/x.js" integrity="${sha256('evil')}"></script>` +
        `<script src="/_next/static/chunks/unknown.js" integrity="${sha256('unknown')}"></script>` +
        `<script src="${mainApp}" integrity="${sha256('something else')}"></script>` +
        `<script src="//evil.example${mainApp}" integrity="${sha256('main app')}"></script>`,
    );
    const { policy, refused } = contentSecurityPolicyFor(html, options);
    expect(scriptSrc(policy)).toEqual(["'strict-dynamic'", "'unsafe-inline'", 'https:', "'report-sample'"]);
    expect(refused.map((script) => script.kind)).toEqual(['external', 'external', 'external', 'external']);
    expect(refused[0]?.sample).toBe('https://evil.example/x.js');
  });

  it('ignores data blocks (JSON-LD) and stylesheets', () => {
    const html = page('<link rel="stylesheet" href="/_next/static/css/a.css"/>', '<script type="application/ld+json">{"@type":"NewsArticle"}</script>');
    const { policy, refused } = contentSecurityPolicyFor(html, options);
    expect(scriptSrc(policy)).toEqual(["'strict-dynamic'", "'unsafe-inline'", 'https:', "'report-sample'"]);
    expect(refused).toEqual([]);
  });

  it('allows forms to post to this site and the configured sign-in providers only', () => {
    expect(directives(contentSecurityPolicyFor(page(''), options).policy).get('form-action')).toEqual(["'self'"]);
    const providers = { ...options, formActionOrigins: ['https://github.com', 'https://id.example.com'] };
    expect(directives(contentSecurityPolicyFor(page(''), providers).policy).get('form-action')).toEqual(["'self'", 'https://github.com', 'https://id.example.com']);
  });

  it('says where to report, through report-uri and the Reporting API group the endpoints header names', () => {
    const policy = directives(contentSecurityPolicyFor(page(''), options).policy);
    expect(policy.get('report-uri')).toEqual(['/api/csp-report']);
    expect(policy.get('report-to')).toEqual(['csp']);
    expect(reportingEndpointsFor(options)).toBe('csp="/api/csp-report"');
  });

  it('locks down everything else', () => {
    const policy = directives(contentSecurityPolicyFor(page(''), options).policy);
    expect(Object.fromEntries([...policy].filter(([name]) => !['script-src', 'form-action', 'report-uri', 'report-to'].includes(name)))).toEqual({
      'default-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
  });
});

describe('isFrameworkInlineScript', () => {
  it('accepts the payload bootstrap (also with the form state) and pushes of JSON data', () => {
    expect(isFrameworkInlineScript(bootstrap)).toBe(true);
    expect(isFrameworkInlineScript(`${bootstrap};self.__next_f.push([2,{"a":[1,"b"]}])`)).toBe(true);
    expect(isFrameworkInlineScript(payload)).toBe(true);
    expect(isFrameworkInlineScript('self.__next_f.push([3,"AAEC"])')).toBe(true);
  });

  it('refuses code, even in the shape of a push', () => {
    expect(isFrameworkInlineScript('self.__next_f.push([1,"x"]),alert(1)')).toBe(false);
    expect(isFrameworkInlineScript('self.__next_f.push([1,"x"])//')).toBe(false);
    expect(isFrameworkInlineScript('self.__next_f.push(["x"])')).toBe(false);
    expect(isFrameworkInlineScript(`${bootstrap};${bootstrap}`)).toBe(false);
    expect(isFrameworkInlineScript('')).toBe(false);
  });
});
