import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { authOptionsForThisRequest } from '@/lib/auth/auth-options';

/** next-auth's OAuth/OIDC routes, with options decided per request (Secure cookies over HTTPS). */
async function handler(request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  return (await NextAuth(request, context, await authOptionsForThisRequest())) as Response;
}

export { handler as GET, handler as POST };
