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
 * Views of an article that depend on more than its slug and sort (a later
 * page, a linked thread, the comments quoting a passage, and ?personal: a
 * signed-in reader's own view, for browsers without JavaScript, whose shared
 * page cannot fill in their part) are rendered per request, never cached as
 * pages. For an anonymous reader ?personal is the shared page again: the
 * HTTP cache drops it (lib/cache/cacheable-request.ts).
 * @type {import('next/dist/lib/load-custom-routes').RouteHas[]}
 */
const firstPageOnly = ['cursor', 'comment', 'quoted', 'personal'].map((key) => ({ type: 'query', key }));

/**
 * Server actions are not rewritten: an action re-renders the page it was
 * posted from (refresh()), and that render must show the reader what they just
 * changed, which only their own, uncached page does at once. Documents and
 * client navigations (RSC requests) go to the shared pages.
 * @type {import('next/dist/lib/load-custom-routes').RouteHas[]}
 */
const notAnAction = [{ type: 'header', key: 'next-action' }];

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
  webpack(config, { isServer, dev }) {
    // Next.js and React in the browser as one file. Webpack splits them into
    // three (react-dom alone, as a module over 160 kB; the router; next/link,
    // used by fewer pages), and each is compressed on its own: as one file
    // they are 2.3 kB (Brotli) smaller, on every page's first load (issue 12
    // budgets the article page at 120 kB). They change together, with Next.js.
    // Only the App Router's browser layer: the Pages Router (Next's error
    // pages) keeps its own framework chunk. Not Next's loaders: the per-page
    // entry modules must stay in their pages' chunks.
    // With them, the few small modules of Parley's that the layouts' scripts
    // share with the pages' (the session hint, the event stream, the shared
    // pages' reader store): webpack would otherwise copy them into the
    // header's signed-in part, loaded from the (public) layout, whose chunks
    // do not hold the page's (0.5 kB, or a file of their own).
    if (!isServer && !dev && config.optimization.splitChunks) {
      config.optimization.splitChunks.cacheGroups.appFramework = {
        name: 'app-framework',
        chunks: 'all',
        layer: (/** @type {string | null} */ layer) => layer === 'app-pages-browser',
        test: /[\\/](node_modules[\\/](next[\\/]dist[\\/](client|shared|compiled|api|lib|build[\\/]polyfills|build[\\/]webpack[\\/]loaders[\\/]next-flight-loader)|@swc[\\/]helpers)[\\/]|components[\\/]viewer[\\/]page-viewer-store\.ts$|components[\\/]ui[\\/]use-event-stream\.ts$|lib[\\/]auth[\\/]session-hint-cookie\.ts$)/,
        priority: 50,
        enforce: true,
      };
    }
    return config;
  },
  async rewrites() {
    return {
      // Every reader of the front page and of an article's first page gets
      // the same page, signed in or not: app/(public)/cached/..., rendered
      // once and cached; its script asks /api/viewer for the reader's own
      // part (README "Caching"). A malformed ?sort= means the default sort.
      beforeFiles: [
        { source: '/', missing: [...notAnAction], destination: '/cached/latest' },
        {
          source: '/articles/:slug',
          has: [{ type: 'query', key: 'sort', value: '(?<sort>best|newest|oldest|featured)' }],
          missing: [...notAnAction, ...firstPageOnly],
          destination: '/cached/articles/:slug/:sort',
        },
        { source: '/articles/:slug', missing: [...notAnAction, ...firstPageOnly], destination: '/cached/articles/:slug/best' },
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
