import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { hasSessionCookie, sessionCookieBaseName } from './session-cookie-name';

type Rewrite = { missing?: { type: string; key: string }[] };
const require = createRequire(import.meta.url);
const nextConfig = require('../../next.config.js') as { rewrites: () => Promise<{ beforeFiles: Rewrite[] }> };

describe('the session cookie, as next.config.js and the HTTP cache see it', () => {
  it("next.config.js routes to the shared anonymous pages only requests without any of the session cookie's names", async () => {
    const { beforeFiles } = await nextConfig.rewrites();
    for (const rewrite of beforeFiles) {
      const cookies = (rewrite.missing ?? []).filter((condition) => condition.type === 'cookie').map((condition) => condition.key);
      expect(new Set(cookies)).toEqual(
        new Set([sessionCookieBaseName, `${sessionCookieBaseName}.0`, `__Secure-${sessionCookieBaseName}`, `__Secure-${sessionCookieBaseName}.0`]),
      );
      for (const name of cookies) expect(hasSessionCookie(`${name}=x`)).toBe(true);
    }
  });
});
