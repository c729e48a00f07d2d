import { connection } from 'next/server';
import type { MetadataRoute } from 'next';
import { absoluteUrl } from '@/lib/site';

export default async function robots(): Promise<MetadataRoute.Robots> {
  // SITE_URL is read at run time, not baked in at build time.
  await connection();
  return {
    rules: [{ userAgent: '*', allow: '/', disallow: ['/api/', '/moderation', '/admin', '/account'] }],
    sitemap: absoluteUrl('/sitemap.xml'),
  };
}
