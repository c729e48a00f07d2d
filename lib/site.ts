import { env } from '@/lib/env';

export const siteName = 'Parley';
export const siteDescription = 'Long-form analysis, and a comment thread worth reading.';

/** Absolute URL on the public site, for canonical links, feeds and structured data. */
export function absoluteUrl(path: string): string {
  return new URL(path, `${env.SITE_URL}/`).toString();
}

export const articlePath = (slug: string) => `/articles/${slug}`;
