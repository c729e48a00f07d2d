import type { MetadataRoute } from 'next';
import { absoluteUrl } from '@/lib/site';

// SITE_URL is read at run time, not baked in at build time.
export const dynamic = 'force-dynamic';

export default function robots(): MetadataRoute.Robots {
  return {
    rules: [{ userAgent: '*', allow: '/', disallow: ['/api/', '/moderation', '/admin', '/account'] }],
    sitemap: absoluteUrl('/sitemap.xml'),
  };
}
