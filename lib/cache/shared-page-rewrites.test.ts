import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { hasSessionCookie } from '@/lib/auth/session-cookie-name';
import { expiredSessionHint, hasSessionHint, sessionHintSetCookie } from '@/lib/auth/session-hint-cookie';

type Condition = { type: string; key: string };
type Rewrite = { source: string; missing?: Condition[] };
const require = createRequire(import.meta.url);
const nextConfig = require('../../next.config.js') as { rewrites: () => Promise<{ beforeFiles: Rewrite[] }> };

describe('the shared pages, as next.config.js routes to them', () => {
  it('sends every reader, signed in or not, to the shared front page and article pages: no rewrite looks at cookies', async () => {
    const { beforeFiles } = await nextConfig.rewrites();
    expect(beforeFiles.length).toBeGreaterThan(0);
    for (const rewrite of beforeFiles) expect((rewrite.missing ?? []).filter((condition) => condition.type === 'cookie')).toEqual([]);
  });

  it("leaves server actions, later pages, linked comments, quoted passages and a signed-in reader's ?personal view to the per-reader page", async () => {
    const { beforeFiles } = await nextConfig.rewrites();
    for (const rewrite of beforeFiles.filter((candidate) => candidate.source === '/articles/:slug')) {
      const skipped = (rewrite.missing ?? []).map((condition) => `${condition.type}:${condition.key}`);
      expect(skipped).toEqual(expect.arrayContaining(['header:next-action', 'query:cursor', 'query:comment', 'query:quoted', 'query:personal']));
    }
  });
});

describe('the session hint cookie (what tells the shared page to ask for its reader)', () => {
  it('is set when the request carries a session cookie and no hint, and cleared when it carries a hint and no session', () => {
    expect(sessionHintSetCookie('next-auth.session-token=abc')).toMatch(/^parley-session-hint=1; Path=\/; SameSite=Lax$/);
    expect(sessionHintSetCookie('theme=dark; parley-session-hint=1')).toBe(expiredSessionHint);
  });

  it('is left alone when it already agrees with the session cookie', () => {
    expect(sessionHintSetCookie('__Secure-next-auth.session-token.0=abc; parley-session-hint=1')).toBeNull();
    expect(sessionHintSetCookie('theme=dark')).toBeNull();
    expect(sessionHintSetCookie(undefined)).toBeNull();
  });

  it('is read by its exact name and value only', () => {
    expect(hasSessionHint('parley-session-hint=1')).toBe(true);
    expect(hasSessionHint('x-parley-session-hint=1; parley-session-hint=10')).toBe(false);
    expect(hasSessionCookie('next-auth.session-token.1=x; parley-session-hint=1')).toBe(true);
  });
});
