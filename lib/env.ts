// Every setting Parley reads from the environment, validated once.
// A bad or missing value stops the process with the variable's name and a fix;
// nothing else in the code base reads process.env directly.
import { z } from 'zod';

const postgresUrl = z
  .string({
    error:
      'is not set. Set it to a PostgreSQL URL, e.g. postgresql://user:password@127.0.0.1:5432/parley (npm start sets it for you when it runs the embedded database).',
  })
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
  SITE_URL: z.url({ protocol: /^https?$/, error: 'must be the public address of the site, e.g. https://parley.example (no trailing path).' }).optional(),
  /** Set by `npm start`/`npm run dev` when they run the embedded database (development only). */
  PARLEY_EMBEDDED_DB: z.enum(['0', '1']).default('0'),
  NEXTAUTH_SECRET: z.string().min(32, { error: 'must be at least 32 characters. Generate one with: openssl rand -base64 32' }).optional(),
  /** Trust X-Forwarded-For from a reverse proxy for the client address (rate limits, logs). */
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((value) => value === '1' || value === 'true'),
  /** Where to POST `{ tags }` when cached pages change, for a CDN in front (lib/cache/cdn-purge.ts). */
  CDN_PURGE_URL: z.url({ protocol: /^https?$/, error: 'must be the http(s) URL that receives purge requests, e.g. https://purge.example/parley.' }).optional(),
  CDN_PURGE_TOKEN: z.string().optional(),
  GITHUB_ID: z.string().optional(),
  GITHUB_SECRET: z.string().optional(),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  OIDC_ISSUER: z.url({ error: 'must be the issuer URL of your OpenID provider, e.g. https://id.example.com.' }).optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  /** Label on the sign-in button for the generic OpenID Connect provider. */
  OIDC_NAME: z.string().default('Single sign-on'),
  /**
   * Where email goes (nodemailer transport URL). `npm start` on the embedded
   * database sets it to its local mail catcher; unset elsewhere, emails fail
   * (and their jobs are retried) until it is configured.
   */
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: 'must be an SMTP URL, e.g. smtp://user:password@mail.example:587 or smtps://user:password@mail.example:465.' })
    .optional(),
  /** The From of every email: an address, or a name and address ("Parley <noreply@parley.example>"). */
  MAIL_FROM: z
    .string()
    .refine((value) => /^[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+$|^[^<>]*<[^<>@\s]+@[^<>@\s]+>$/.test(value.trim()), {
      error: 'must be an email address, optionally with a name, e.g. "Parley <noreply@parley.example>".',
    })
    .optional(),
  /** `0` keeps the app from running the job worker (emails, digests) in its own process: run `npm run worker` instead. */
  PARLEY_WORKER: z
    .enum(['0', '1', 'true', 'false'])
    .default('1')
    .transform((value) => value === '1' || value === 'true'),
  /** Where `npm start`'s embedded mail catcher keeps caught mail (.eml files); set by npm start, read by /dev/mailbox. */
  PARLEY_MAILBOX_DIR: z.string().optional(),
  /** Lines below this level are not written (lib/log.ts); `info` has one line per request. */
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent.' })
    .default('info'),
  /** Bearer token that opens GET /api/metrics (Prometheus); unset, the endpoint answers 404. */
  METRICS_TOKEN: z.string().min(16, { error: 'must be at least 16 characters. Generate one with: openssl rand -hex 32' }).optional(),
});

const pairs: [string, string][] = [
  ['GITHUB_ID', 'GITHUB_SECRET'],
  ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'],
  ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'],
  ['OIDC_CLIENT_ID', 'OIDC_ISSUER'],
];

export type Env = z.infer<typeof envSchema> & { SITE_URL: string; NEXTAUTH_SECRET: string; MAIL_FROM: string };

const developmentSecret = crypto.randomUUID() + crypto.randomUUID();

export class EnvError extends Error {
  override name = 'EnvError';
}

/** Parses an environment; throws EnvError naming each bad variable and how to fix it. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const blankAsUnset = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const result = envSchema.safeParse(blankAsUnset);
  const lines = result.success ? [] : result.error.issues.map((issue) => `  ${issue.path.join('.')} ${issue.message}`);
  for (const [a, b] of pairs) {
    if (Boolean(blankAsUnset[a]) !== Boolean(blankAsUnset[b])) {
      lines.push(`  ${blankAsUnset[a] ? b : a} is not set, but ${blankAsUnset[a] ? a : b} is: set both to switch the provider on, or neither.`);
    }
  }
  const parsed = result.data;
  // `next build` evaluates modules in production mode but signs no session: the
  // secret is needed by the server that runs, not by the build.
  const building = source.NEXT_PHASE === 'phase-production-build';
  const needsSecret = parsed?.NODE_ENV === 'production' && parsed.PARLEY_EMBEDDED_DB !== '1' && !building;
  if (parsed && needsSecret && !parsed.NEXTAUTH_SECRET) {
    lines.push(
      '  NEXTAUTH_SECRET is not set. It signs session cookies and is required in production with your own database. Generate one with: openssl rand -base64 32',
    );
  }
  if (!parsed || lines.length > 0) {
    throw new EnvError(`Parley cannot start: fix these environment variables.\n${lines.join('\n')}`);
  }
  return {
    ...parsed,
    SITE_URL: (parsed.SITE_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/+$/, ''),
    // Development and tests without a configured secret get one per process:
    // sessions then end when the process restarts, which is harmless there.
    NEXTAUTH_SECRET: parsed.NEXTAUTH_SECRET ?? developmentSecret,
    MAIL_FROM: parsed.MAIL_FROM?.trim() ?? `Parley <noreply@${new URL(parsed.SITE_URL ?? 'http://localhost').hostname}>`,
  };
}

export const env: Env = parseEnv(process.env);

// next-auth v4 reads its base URL from NEXTAUTH_URL itself; default it to the site's address.
process.env.NEXTAUTH_URL ??= env.SITE_URL;
