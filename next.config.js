// @ts-check

/**
 * Sent with every response. HTML responses get the full Content-Security-Policy
 * from Parley's server instead (server/csp-response.ts), computed from the page
 * itself; this one stays on everything else (JSON, feeds, the SVG icon).
 */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), interest-cohort=()' },
];

/**
 * A request without a session cookie (next-auth's name, with the __Secure-
 * prefix over HTTPS, or split into .0, .1, ...) is an anonymous reader's: the
 * same names as lib/auth/session-cookie-name.ts (a test checks they agree).
 * @type {import('next/dist/lib/load-custom-routes').RouteHas[]}
 */
const anonymous = ['next-auth.session-token', 'next-auth.session-token.0', '__Secure-next-auth.session-token', '__Secure-next-auth.session-token.0'].map((key) => ({
  type: 'cookie',
  key,
}));

/**
 * Views of an article that depend on more than its slug and sort (a later
 * page, a linked thread, the comments quoting a passage) are rendered per
 * request, never cached as pages.
 * @type {import('next/dist/lib/load-custom-routes').RouteHas[]}
 */
const firstPageOnly = ['cursor', 'comment', 'quoted'].map((key) => ({ type: 'query', key }));

/**
 * Client navigations (RSC requests) are never rewritten: the browser's router
 * keeps the page trees it fetched, and a tree fetched while anonymous
 * ((public)) would not exist once the reader signs in ((site)). They are
 * rendered per request, like a signed-in reader's; documents, what a reader
 * arriving from a link or a search asks for, are the cached ones.
 * @type {import('next/dist/lib/load-custom-routes').RouteHas[]}
 */
const documentRequest = [{ type: 'header', key: 'rsc' }];

/** Cache tags of the pages a shared cache may keep, for purging by tag (Cache-Tag, Surrogate-Key). */
const cacheTagHeaders = (/** @type {string[]} */ tags) => [
  { key: 'Cache-Tag', value: tags.join(',') },
  { key: 'Surrogate-Key', value: tags.join(' ') },
];

const { serverActionBodyLimit } = require('./lib/server-action-body-limit.cjs');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build folder lets a test build run beside a served one.
  distDir: process.env.PARLEY_DIST_DIR || '.next',
  poweredByHeader: false,
  output: 'standalone',
  // Cached data ('use cache') and cached pages; see README "Caching".
  cacheComponents: true,
  // An anonymous page is rendered whole on its first request and kept (ISR):
  // without Partial Prefetching its first reader waits for that render
  // instead of getting a generic shell that JavaScript then fills in.
  partialPrefetching: false,
  // Both stores keep entries in this process's memory and share tag expiries
  // with every other instance over PostgreSQL (lib/cache/tag-expiry.mjs).
  cacheHandler: require.resolve('./lib/cache/incremental-cache-handler.mjs'),
  cacheHandlers: { default: require.resolve('./lib/cache/use-cache-handler.mjs') },
  cacheMaxMemorySize: 0,
  // Parley's server compresses what Next.js answers (server/csp-response.ts):
  // an HTML page's Content-Security-Policy is computed from its whole,
  // uncompressed body before it is sent.
  compress: false,
  experimental: {
    // Every <script src> Next.js writes carries integrity="sha256-...": the
    // page's script-src allows those hashes (CSP Level 3 hash-sources match an
    // external script's integrity metadata), so no nonce, and no per-request
    // render, is needed. See README "Content-Security-Policy".
    sri: { algorithm: 'sha256' },
    serverActions: { bodySizeLimit: serverActionBodyLimit },
  },
  // A build that does not typecheck fails (issue 12). next build checks the
  // same project as `npm run typecheck` (tsconfig.json, bench/ and e2e/ included).
  typescript: { ignoreBuildErrors: false },
  // Prisma's generated client and pg stay plain Node modules on the server; so
  // do the logger and the metrics registry (pino is on Next's own list), which
  // server/main.ts shares with the app through globalThis (lib/log.ts, lib/metrics/registry.ts).
  serverExternalPackages: ['pg', '@prisma/adapter-pg', 'prom-client'],
  async rewrites() {
    return {
      // Anonymous readers of the front page and of an article's first page
      // all get the same page: app/(public)/cached/..., rendered once and
      // cached. A malformed ?sort= means the default sort.
      beforeFiles: [
        { source: '/', missing: [...anonymous, ...documentRequest], destination: '/cached/latest' },
        {
          source: '/articles/:slug',
          has: [{ type: 'query', key: 'sort', value: '(?<sort>best|newest|oldest|featured)' }],
          missing: [...anonymous, ...documentRequest, ...firstPageOnly],
          destination: '/cached/articles/:slug/:sort',
        },
        { source: '/articles/:slug', missing: [...anonymous, ...documentRequest, ...firstPageOnly], destination: '/cached/articles/:slug/best' },
      ],
      afterFiles: [],
      fallback: [],
    };
  },
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      {
        // HSTS only means something over HTTPS; behind a TLS-terminating proxy
        // the original scheme arrives in X-Forwarded-Proto.
        source: '/:path*',
        has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }],
        headers: [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }],
      },
      // lib/articles/cache-tags.ts names these tags; lib/ expires them on every change.
      { source: '/', headers: cacheTagHeaders(['articles', 'article-list']) },
      { source: '/articles/:slug', headers: cacheTagHeaders(['articles', 'article::slug', 'moderation-policy']) },
    ];
  },
};

module.exports = nextConfig;
