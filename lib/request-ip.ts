import 'server-only';
import { headers } from 'next/headers';
import { env } from '@/lib/env';

/**
 * The client's address, for rate limits and security logs. Next's server
 * appends the peer address to X-Forwarded-For; a client can put anything in
 * front of it, so the leftmost entry is only believed behind a trusted proxy.
 */
export async function getClientIp(): Promise<string> {
  const forwarded = (await headers()).get('x-forwarded-for') ?? '';
  const hops = forwarded
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  const ip = env.TRUST_PROXY ? hops[0] : hops.at(-1);
  return ip ?? 'unknown';
}
