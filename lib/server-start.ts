// Imported once when a Next.js server starts (instrumentation.ts).
// 1. lib/env.ts validates the environment when first imported: a missing or
//    malformed setting stops the server here, naming the variable and the fix,
//    rather than failing on some later page view.
// 2. Start hearing other instances' cache tag expiries (lib/cache/tag-expiry.mjs)
//    and, when configured, passing this instance's on to a CDN.
let env: typeof import('./env').env;
try {
  ({ env } = await import('./env'));
} catch (error) {
  if (!(error instanceof Error && error.name === 'EnvError')) throw error;
  console.error(error.message);
  process.exit(1);
}

const { configureTagExpiry, startTagExpiryListener } = await import('./cache/tag-expiry.mjs');
const { logEvent } = await import('./log');
configureTagExpiry({ databaseUrl: env.DATABASE_URL });
await startTagExpiryListener({ log: (event, fields) => logEvent(event, fields, 'warn') });
if (env.CDN_PURGE_URL) {
  const { startCdnPurge } = await import('./cache/cdn-purge');
  startCdnPurge({ url: env.CDN_PURGE_URL, token: env.CDN_PURGE_TOKEN });
}

export {};
