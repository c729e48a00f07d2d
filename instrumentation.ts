// Runs once when a Next.js server starts: check the environment before the
// first request, so a missing or malformed setting stops the server at start
// with the variable's name and the fix, not on some later page view.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { parseEnv, EnvError } = await import('./lib/env');
  try {
    parseEnv(process.env);
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
