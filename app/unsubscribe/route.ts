// One-click unsubscribe. GET (the footer link) shows a confirm button; POST
// (that button, or a mail client's RFC 8058 one-click request, which carries
// no cookie) turns the topic's email off. The signed token is the only
// authorization (lib/notifications/unsubscribe.ts).
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { describeUnsubscribe, topicWords, unsubscribe } from '@/lib/notifications/unsubscribe';
import { confirmPage, donePage, invalidPage } from '@/lib/notifications/unsubscribe-page';

const tokenSchema = z.string().min(1).max(200);

function html(body: string, status = 200): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' } });
}

async function answer(request: Request, run: (token: string) => Promise<string> | string): Promise<Response> {
  const token = tokenSchema.safeParse(new URL(request.url).searchParams.get('token'));
  try {
    if (!token.success) throw new DomainError('INVALID_INPUT', 'This unsubscribe link has no token: copy the whole link from the email.');
    return html(await run(token.data));
  } catch (error) {
    if (error instanceof DomainError) return html(invalidPage(error.message), 400);
    throw error;
  }
}

export function GET(request: Request) {
  return answer(request, (token) => confirmPage(topicWords[describeUnsubscribe(token).topic]));
}

export function POST(request: Request) {
  return answer(request, async (token) => donePage(topicWords[(await unsubscribe(token)).topic]));
}
