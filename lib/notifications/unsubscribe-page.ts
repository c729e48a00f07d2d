// The pages of the unsubscribe route (app/unsubscribe/route.ts): small
// standalone HTML, because the route also answers RFC 8058's one-click POST
// and must be able to say 400 for a bad link (a Next.js page cannot).
import { siteName } from '@/lib/site';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)} · ${escapeHtml(siteName)}</title>
<style>body{font-family:Georgia,serif;max-width:34rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1f1f1f}button{font:inherit;padding:.5rem 1rem}</style>
</head><body><main><p><a href="/">${escapeHtml(siteName)}</a></p><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export function confirmPage(topicWords: string): string {
  return page(
    'Stop these emails?',
    `<p>You will no longer get email about ${escapeHtml(topicWords)}. You will still see them in the app.</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
  );
}

export function donePage(topicWords: string): string {
  return page(
    'Unsubscribed',
    `<p>You will no longer get email about ${escapeHtml(topicWords)}. You can turn it back on from your <a href="/account">account page</a>.</p>`,
  );
}

export function invalidPage(message: string): string {
  return page('This link does not work', `<p>${escapeHtml(message)}</p>`);
}
