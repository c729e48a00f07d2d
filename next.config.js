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

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build folder lets a test build run beside a served one.
  distDir: process.env.PARLEY_DIST_DIR || '.next',
  poweredByHeader: false,
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
  },
  // `npm run typecheck` (the first step of `npm test` and CI) checks the whole
  // project; next build's own pass would repeat it, and would fail a build over
  // files the app does not contain (bench/, e2e/).
  typescript: { ignoreBuildErrors: true },
  // Prisma's generated client and pg stay plain Node modules on the server.
  serverExternalPackages: ['pg', '@prisma/adapter-pg'],
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
    ];
  },
};

module.exports = nextConfig;
