// Imported once when a Next.js server starts (instrumentation.ts).
// 1. lib/env.ts validates the environment when first imported: a missing or
//    malformed setting stops the server here, naming the variable and the fix,
//    rather than failing on some later page view.
// 2. Start listening for other instances' cache invalidations.
try {
  await import('./env');
} catch (error) {
  if (!(error instanceof Error && error.name === 'EnvError')) throw error;
  console.error(error.message);
  process.exit(1);
}

const { startCacheInvalidationListener } = await import('./cache/cache-invalidation-listener');
startCacheInvalidationListener();

export {};
