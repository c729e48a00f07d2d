// Imported once at server start by instrumentation.ts. lib/env.ts validates the
// environment when first imported, so a missing or malformed setting stops the
// server here, with the variable's name and the fix, rather than failing on
// some later page view.
try {
  await import('./env');
} catch (error) {
  if (!(error instanceof Error && error.name === 'EnvError')) throw error;
  console.error(error.message);
  process.exit(1);
}

export {};
