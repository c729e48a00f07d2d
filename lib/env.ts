// Every setting Parley reads from the environment, validated once.
// A bad or missing value stops the process with the variable's name and a fix;
// nothing else in the code base reads process.env directly.
import { z } from 'zod';

const postgresUrl = z
  .string({ error: 'is not set. Set it to a PostgreSQL URL, e.g. postgresql://user:password@127.0.0.1:5432/parley (npm start sets it for you when it runs the embedded database).' })
  .refine((value) => /^postgres(ql)?:\/\/.+/.test(value), {
    error: 'must be a PostgreSQL URL starting with postgresql://, e.g. postgresql://user:password@127.0.0.1:5432/parley.',
  });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_MAX: z.coerce
    .number({ error: 'must be a whole number of connections, e.g. 10.' })
    .int({ error: 'must be a whole number of connections, e.g. 10.' })
    .min(1, { error: 'must be at least 1.' })
    .max(100, { error: 'must be at most 100.' })
    .default(10),
  PORT: z.coerce
    .number({ error: 'must be a port number, e.g. 3000.' })
    .int({ error: 'must be a port number, e.g. 3000.' })
    .min(1, { error: 'must be between 1 and 65535.' })
    .max(65535, { error: 'must be between 1 and 65535.' })
    .default(3000),
  SITE_URL: z
    .url({ protocol: /^https?$/, error: 'must be the public address of the site, e.g. https://parley.example (no trailing path).' })
    .optional(),
});

export type Env = z.infer<typeof envSchema> & { SITE_URL: string };

export class EnvError extends Error {
  override name = 'EnvError';
}

/** Parses an environment; throws EnvError naming each bad variable and how to fix it. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const blankAsUnset = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const result = envSchema.safeParse(blankAsUnset);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')} ${issue.message}`);
    throw new EnvError(`Parley cannot start: fix these environment variables.\n${lines.join('\n')}`);
  }
  const parsed = result.data;
  return {
    ...parsed,
    SITE_URL: (parsed.SITE_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/+$/, ''),
  };
}

export const env: Env = parseEnv(process.env);
