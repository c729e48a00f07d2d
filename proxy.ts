import { type NextRequest, NextResponse } from 'next/server';
import { signInRedirectFor } from '@/lib/auth/sign-in-redirect';

/**
 * Pages that need an account send anonymous visitors to sign in, with a real
 * 307 (see lib/auth/sign-in-redirect.ts). Not the router's own requests (RSC,
 * prefetches): it asks for parts of the page it named, which a redirect would
 * answer with another page's; the page's own guard redirects those.
 */
export function proxy(request: NextRequest) {
  if (request.headers.has('rsc')) return NextResponse.next();
  const target = signInRedirectFor(request.nextUrl.pathname, request.headers.get('cookie'));
  return target ? NextResponse.redirect(new URL(target, request.url)) : NextResponse.next();
}

// The pages guarded with guardPage (lib/auth/page-guards.ts); Next.js needs the list written out here.
export const config = { matcher: ['/account/:path*', '/admin/:path*', '/moderation/:path*', '/notifications', '/dev/:path*'] };
