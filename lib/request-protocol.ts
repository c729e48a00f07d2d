import 'server-only';
import { headers } from 'next/headers';
import { env } from '@/lib/env';

type HttpsSettings = { siteUrl: string; trustProxy: boolean };

/**
 * Whether a request reached the site over HTTPS. Parley's server speaks plain
 * HTTP, so HTTPS means a TLS-terminating proxy in front: a site whose SITE_URL
 * is https is always served that way; otherwise a trusted proxy
 * (TRUST_PROXY=1) says so in X-Forwarded-Proto. Its first entry is the
 * scheme the client used, as with X-Forwarded-For (lib/request-ip.ts).
 * Without a trusted proxy the header is only the client's word (Next.js fills
 * it in from the connection when it is missing), so it is not believed.
 */
export function isHttpsRequest(forwardedProto: string | null, settings: HttpsSettings): boolean {
  if (settings.siteUrl.startsWith('https://')) return true;
  if (!settings.trustProxy) return false;
  return forwardedProto?.split(',')[0]?.trim().toLowerCase() === 'https';
}

/** Whether this request came over HTTPS (see isHttpsRequest). */
export async function requestIsHttps(): Promise<boolean> {
  return isHttpsRequest((await headers()).get('x-forwarded-proto'), { siteUrl: env.SITE_URL, trustProxy: env.TRUST_PROXY });
}
