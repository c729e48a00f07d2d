// An email's HTML part, shown as its recipient's mail client would, but
// harmless: a sandboxed frame (no scripts, forms or same-origin access) whose
// document is the email itself (srcdoc, escaped by React). It inherits the
// page's Content-Security-Policy, so remote images and styles stay blocked as
// they would in a careful mail client. Links open in a new tab.
export type EmailHtmlFrameProps = { html: string; title: string };

export function EmailHtmlFrame({ html, title }: EmailHtmlFrameProps) {
  const withTarget = /<head[^>]*>/i.test(html) ? html.replace(/<head([^>]*)>/i, '<head$1><base target="_blank">') : `<base target="_blank">${html}`;
  return <iframe className="mail-html" title={title} sandbox="allow-popups allow-popups-to-escape-sandbox" srcDoc={withTarget} />;
}
