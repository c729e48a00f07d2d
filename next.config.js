// @ts-check

/** Sent with every response. A full Content-Security-Policy arrives with its own issue. */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), interest-cohort=()' },
];

/**
 * The largest server action request body, in bytes (Next's default is 1 MB).
 * Every form's own limits fit far below it (a comment is at most 5,000
 * characters, 20 kB of UTF-8; the word lists 20,000 characters each). It is
 * this large for what a browser without JavaScript sends: a textarea's whole
 * text, however long. Up to this size the action runs and answers with the
 * field's message and the text kept; a pasted megabyte gets that answer.
 * server/main.ts answers a larger body 413 before Next.js reads it.
 */
const serverActionBodyLimit = 2 * 1024 * 1024;

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build folder lets a test build run beside a served one.
  distDir: process.env.PARLEY_DIST_DIR || '.next',
  poweredByHeader: false,
  // `npm run typecheck` (the first step of `npm test` and CI) checks the whole
  // project; next build's own pass would repeat it, and would fail a build over
  // files the app does not contain (bench/, e2e/).
  typescript: { ignoreBuildErrors: true },
  // Prisma's generated client and pg stay plain Node modules on the server.
  serverExternalPackages: ['pg', '@prisma/adapter-pg'],
  experimental: {
    serverActions: { bodySizeLimit: serverActionBodyLimit },
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
    ];
  },
};

module.exports = nextConfig;
